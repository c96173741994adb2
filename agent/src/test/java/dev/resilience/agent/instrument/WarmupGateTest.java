package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarmupGateTest {
    private final WarmupGate gate = new WarmupGate();

    @Test
    void aCallerWaitsUntilTheWarmupOpensTheGate() throws InterruptedException {
        AtomicBoolean through = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            gate.await(TimeUnit.MINUTES.toNanos(5));
            through.set(true);
        });
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(through).isFalse();

        gate.open();
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(through).isTrue();
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    @Timeout(10)
    void aGateNeverOpenedHoldsACallerForItsBoundThenOpensForEveryone() {
        long started = System.nanoTime();

        gate.await(TimeUnit.MILLISECONDS.toNanos(20));

        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(gate.isOpen()).as("a lost warm-up costs one wait, not one per call").isTrue();
    }

    @Test
    @Timeout(10)
    void anInterruptedCallerStillWaitsAndKeepsItsInterrupt() throws InterruptedException {
        AtomicBoolean through = new AtomicBoolean();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            gate.await(TimeUnit.MINUTES.toNanos(5));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            through.set(true);
        });
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        caller.interrupt();
        await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(through).isFalse();

        gate.open();
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(through).isTrue();
        assertThat(interruptedAfter).isTrue();
    }

    @Test
    void aClaimGivenBackByAWarmupThatCouldNotStartIsClaimedByTheNextCaller() {
        assertThat(gate.claim()).isTrue();
        assertThat(gate.claim()).isFalse();

        gate.giveBack();

        assertThat(gate.claim()).isTrue();
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void exactlyOneCallerClaimsTheWarmup() throws InterruptedException {
        AtomicInteger claims = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 1000; j++) {
                    if (gate.claim()) {
                        claims.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(claims).hasValue(1);
    }
}
