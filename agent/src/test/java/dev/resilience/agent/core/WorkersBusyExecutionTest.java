package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admitted attempt that no timeout worker can take: the contract refuses it "like a full
 * bulkhead", so it ends the call as a refused attempt does, and gives back what it was admitted with.
 */
class WorkersBusyExecutionTest extends ExecutionFixture {
    private static final String RULE = "    retry: { maxAttempts: 3, delay: 100ms }\n"
            + "    circuitBreaker: { failureThreshold: 5, openDuration: 1s, halfOpenCalls: 1 }\n"
            + "    bulkhead: { maxConcurrent: 1, maxWait: 0ms }\n";

    @Test
    void aFirstAttemptIsRejectedAndCountedAsARejection() {
        RuleRuntime rule = rule(RULE);
        CallExecution call = start(rule, stats);
        assertThat(call.admitAttempt(true)).isTrue();

        assertThat(call.workersBusy()).isEqualTo(CallExecution.REJECT);

        assertThat(call.rejection()).isEqualTo(Reason.WORKERS_BUSY);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isZero();
        assertThat(rule.bulkhead.available()).as("the bulkhead place is given back").isEqualTo(1);
    }

    /** Regression (audit): the call ended as a rejection, and the timeout that caused the retry was lost. */
    @Test
    void aRetryEndsTheCallWithItsLastRealFailureAndIsNoRetryAttempt() {
        RuleRuntime rule = rule(RULE);
        CallExecution call = start(rule, stats);
        call.startAttempt();
        IOException first = new IOException("first");
        assertThat(call.failed(first)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        assertThat(call.admitAttempt(true)).isTrue();
        assertThat(stats.retries.sum()).as("admitted, not yet running: not counted").isZero();

        assertThat(call.workersBusy()).isEqualTo(CallExecution.FAIL);

        assertThat(call.failure()).isSameAs(first);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isZero();
        assertThat(stats.retries.sum()).as("the refused retry never ran").isZero();
        assertThat(rule.bulkhead.available()).isEqualTo(1);
    }

    @Test
    void aHalfOpenTrialRefusedForWantOfAWorkerGivesItsPermitBack() {
        RuleRuntime rule = rule(RULE.replace("failureThreshold: 5", "failureThreshold: 1"));
        CallExecution failing = start(rule, stats);
        failing.startAttempt();
        failing.failed(new IllegalStateException("not retried, opens the circuit"));
        clock.advance(Duration.ofSeconds(1));

        CallExecution trial = start(rule, stats);
        assertThat(trial.admitAttempt(true)).as("the one half-open trial").isTrue();
        trial.workersBusy();

        CallExecution next = start(rule, stats);
        assertThat(next.startAttempt()).as("the trial's permit was given back, not kept").isTrue();
        next.succeeded();
        assertThat(rule.breakerFor("a.B#m()").breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
