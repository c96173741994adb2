package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.CallTimeoutIOException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call is a fallback in the counts only once its caller got the fallback's value; one whose
 * fallback method threw (or could not be loaded) ends with an exception, and counts as it would
 * have without a fallback. Nothing is counted while the fallback runs: the exported counters never
 * go down, so a count taken back would stay in a scrape made meanwhile (audit).
 */
class FallbackCountingTest extends ExecutionFixture {
    @Test
    void aFallbackIsCountedOnceServedAndNotBefore() {
        CallExecution call = start(rule("    retry: { maxAttempts: 1 }\n    fallback: { value: \"\" }\n"), stats);
        call.startAttempt();
        assertThat(call.failed(new IOException("down"))).isEqualTo(CallExecution.FALLBACK);
        assertThat(stats.fallbacks.sum() + stats.failures.sum()).as("while the fallback runs").isZero();

        call.fallbackServed();

        assertThat(stats.fallbacks.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isZero();
    }

    @Test
    void aFailedCallWhoseFallbackGaveNoValueIsAFailure() {
        CallExecution call = start(rule("    retry: { maxAttempts: 1 }\n    fallback: { value: \"\" }\n"), stats);
        call.startAttempt();
        assertThat(call.failed(new IOException("down"))).isEqualTo(CallExecution.FALLBACK);

        call.fallbackFailed();

        assertThat(stats.fallbacks.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isZero();
        assertThat(stats.rejections.sum() + stats.refusedToFallback.sum()).isZero();
    }

    @Test
    void aCallTheOpenCircuitRefusedIsARejectionAndAFallbackOnceServedAndARejectionOnlyIfNot() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 1 }\n    circuitBreaker: { failureThreshold: 1, openDuration: 1m }\n"
                + "    fallback: { value: \"\" }\n");
        CallExecution opening = start(rule, stats);
        opening.startAttempt();
        assertThat(opening.failed(new IOException("down"))).isEqualTo(CallExecution.FALLBACK);
        opening.fallbackServed();

        refuseTwiceServingTheFirst(rule, Reason.CIRCUIT_OPEN);

        assertThat(stats.fallbacks.sum()).isEqualTo(2);
        assertThat(stats.refusedToFallback.sum()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isZero();
    }

    /** Audit: no test combined a full bulkhead with a fallback, which the contract serves then too. */
    @Test
    void aCallAFullBulkheadRefusedFallsBackAndCountsAsARejectionServedByTheFallback() {
        RuleRuntime rule = rule("    bulkhead: { maxConcurrent: 1, maxWait: 0ms }\n    circuitBreaker: off\n"
                + "    fallback: { value: \"\" }\n");
        CallExecution holding = start(rule, stats);
        assertThat(holding.startAttempt()).isTrue();

        refuseTwiceServingTheFirst(rule, Reason.BULKHEAD_FULL);

        assertThat(stats.fallbacks.sum()).isEqualTo(1);
        assertThat(stats.refusedToFallback.sum()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(holding.succeeded()).isEqualTo(CallExecution.RETURN);
        assertThat(start(rule, stats).startAttempt()).as("the place is free again").isTrue();
    }

    /** Two calls refused for {@code reason}, both due a fallback: the first is served it, the second's fallback fails. */
    private void refuseTwiceServingTheFirst(RuleRuntime rule, Reason reason) {
        CallExecution served = start(rule, stats);
        assertThat(served.startAttempt()).isFalse();
        assertThat(served.rejection()).isEqualTo(reason);
        assertThat(served.refused()).isEqualTo(CallExecution.FALLBACK);
        served.fallbackServed();
        CallExecution unserved = start(rule, stats);
        assertThat(unserved.startAttempt()).isFalse();
        assertThat(unserved.refused()).isEqualTo(CallExecution.FALLBACK);
        unserved.fallbackFailed();
    }

    /**
     * Audit: with the agent's timeout (a SocketTimeoutException) in {@code abortOn}, to keep it from
     * being retried, a timed-out call failed instead of falling back, while an open circuit (an
     * IOException too) fell back. The contract serves the fallback when the call timed out.
     */
    @Test
    void aTimedOutCallFallsBackWhateverAbortOnLists() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, abortOn: [java.net.SocketTimeoutException] }\n"
                + "    fallback: { value: \"\" }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();

        int decision = call.timedOut(new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "timed out", null),
                CallTimeoutIOException.class);

        assertThat(decision).as("not retried (abortOn), but the fallback is served").isEqualTo(CallExecution.FALLBACK);
        assertThat(stats.retries.sum()).isZero();
    }
}
