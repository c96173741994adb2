package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A full bulkhead with {@code maxWait}: a call waits for a place, up to that long, unless it may not
 * wait at all (a method returning a future: its caller is never blocked). Found by mutation testing:
 * no unit test waited for a place.
 */
class BulkheadWaitTest extends ExecutionFixture {
    private final RuleRuntime rule = rule("    bulkhead: { maxConcurrent: 1, maxWait: 1h }\n    circuitBreaker: off\n");

    /** Runs {@code attempt} on a new thread, and returns once that thread waits for a place. */
    private static Thread waitingFor(Runnable attempt) {
        Thread waiter = new Thread(attempt, "bulkhead-waiter");
        waiter.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        return waiter;
    }

    @Test
    void aCallWaitsForAPlaceAndTakesOneFreedWithinMaxWait() throws Exception {
        CallExecution holder = start(rule, stats);
        assertThat(holder.startAttempt()).isTrue();
        CallExecution waiting = start(rule, stats);
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        waitingFor(() -> started.complete(waiting.startAttempt()));
        assertThat(started).isNotDone();

        holder.succeeded();

        assertThat(started.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.succeeded()).isEqualTo(CallExecution.RETURN);
        assertThat(stats.rejections.sum()).isZero();
        assertThat(stats.successes.sum()).isEqualTo(2);
    }

    @Test
    void aCallThatMayNotWaitIsRefusedAtOnceWhateverMaxWait() {
        CallExecution holder = start(rule, stats);
        assertThat(holder.startAttempt()).isTrue();
        CallExecution futureCall = start(rule, stats);

        boolean started = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> futureCall.startAttempt(false));

        assertThat(started).isFalse();
        assertThat(futureCall.refused()).isEqualTo(CallExecution.REJECT);
        assertThat(futureCall.rejection()).isEqualTo(Reason.BULKHEAD_FULL);
        holder.succeeded();
    }

    @Test
    void anInterruptWhileWaitingForAPlaceEndsTheCallKeepsTheFlagAndHoldsNoPlace() throws Exception {
        CallExecution holder = start(rule, stats);
        assertThat(holder.startAttempt()).isTrue();
        CallExecution waiting = start(rule, stats);
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread waiter = waitingFor(() -> {
            started.complete(waiting.startAttempt());
            flagAfter.set(Thread.currentThread().isInterrupted());
        });

        waiter.interrupt();
        waiter.join(30_000);

        assertThat(started.get()).isFalse();
        assertThat(flagAfter.get()).as("the caller keeps its interrupt").isTrue();
        assertThat(waiting.rejection()).isEqualTo(Reason.INTERRUPTED);
        holder.succeeded();
        CallExecution next = start(rule, stats);
        assertThat(next.startAttempt(false)).as("the interrupted wait took no place").isTrue();
    }

    /** A HALF_OPEN trial's permit, taken before the wait, is given back: the next call can be the trial. */
    @Test
    void anInterruptedWaitGivesBackTheTrialPermitItTookFirst() throws Exception {
        RuleRuntime guarded = rule("    bulkhead: { maxConcurrent: 1, maxWait: 1h }\n"
                + "    circuitBreaker: { failureThreshold: 1, openDuration: 1s, halfOpenCalls: 1 }\n    retry: off\n");
        CallExecution opener = start(guarded, stats);
        assertThat(opener.startAttempt()).isTrue();
        opener.failed(new java.io.IOException("down"));
        assertThat(guarded.bulkhead.tryAcquire(0)).as("the place a call holds meanwhile").isTrue();
        clock.advance(Duration.ofSeconds(1));

        CallExecution trial = start(guarded, stats);
        Thread waiter = waitingFor(trial::startAttempt);
        waiter.interrupt();
        waiter.join(30_000);
        guarded.bulkhead.release();

        CallExecution next = start(guarded, stats);
        assertThat(next.startAttempt()).as("the trial's place in the HALF_OPEN round is free again").isTrue();
    }
}
