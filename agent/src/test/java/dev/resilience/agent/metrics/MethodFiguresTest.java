package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CallStats;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MethodFiguresTest {

    @Test
    void sumsEveryCounterOverTheMethodsSites() {
        MethodFigures figures = new MethodFigures("svc", "a.B#m()", true);
        CallStats first = new CallStats();
        CallStats second = new CallStats();
        figures.add(first);
        figures.add(second);
        first.successes.add(2);
        second.successes.add(3);
        first.failures.add(4);
        second.timedOutCalls.add(1);
        second.rejections.add(1);
        first.fallbacks.add(3);
        first.refusedToFallback.add(2); // two of the three fallbacks were served to refused calls

        assertThat(figures.successes()).isEqualTo(5);
        assertThat(figures.failures()).isEqualTo(4);
        assertThat(figures.failuresOtherThanTimeout()).isEqualTo(3);
        assertThat(figures.rejections()).as("every refused call").isEqualTo(3);
        assertThat(figures.rejectedOutcome()).as("refused calls whose caller got the refusal").isEqualTo(1);
        assertThat(figures.fallbacks()).isEqualTo(3);
        assertThat(figures.calls()).as("each call once").isEqualTo(13);
    }

    @Test
    void timedOutCallsFinishingDuringAReadNeverMakeTheFailureOutcomeReadHigh() throws InterruptedException {
        MethodFigures figures = new MethodFigures("svc", "a.B#m()", true);
        CallStats stats = new CallStats();
        figures.add(stats);
        AtomicBoolean stop = new AtomicBoolean();
        Thread calls = new Thread(() -> {
            while (!stop.get()) {
                stats.timedOutCalls.increment(); // the core's order: timed-out call first, failure second
                stats.failures.increment();
            }
        });
        calls.start();
        AtomicLong highest = new AtomicLong();
        try {
            for (int i = 0; i < 200_000; i++) {
                highest.accumulateAndGet(figures.failuresOtherThanTimeout(), Math::max);
            }
        } finally {
            stop.set(true);
            calls.join();
        }
        assertThat(highest.get()).as("every failure was a timeout").isLessThanOrEqualTo(0);
    }
}
