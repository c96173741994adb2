package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call is a fallback in the counts only if its caller got the fallback's value: one whose
 * fallback method threw (or could not be loaded) ends with an exception, and counts as it would
 * have without a fallback (audit: such calls were counted as fallbacks).
 */
class FallbackCountingTest extends ExecutionFixture {
    @Test
    void aFailedCallWhoseFallbackGaveNoValueIsAFailure() {
        CallExecution call = start(rule("    retry: { maxAttempts: 1 }\n    fallback: { value: \"\" }\n"), stats);
        call.startAttempt();
        assertThat(call.failed(new IOException("down"))).isEqualTo(CallExecution.FALLBACK);
        assertThat(stats.fallbacks.sum()).isEqualTo(1);

        call.fallbackFailed();

        assertThat(stats.fallbacks.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isZero();
        assertThat(stats.rejections.sum() + stats.refusedToFallback.sum()).isZero();
    }

    @Test
    void aCallTheOpenCircuitRefusedWhoseFallbackGaveNoValueIsARejection() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 1 }\n    circuitBreaker: { failureThreshold: 1, openDuration: 1m }\n"
                + "    fallback: { value: \"\" }\n");
        CallExecution opening = start(rule, stats);
        opening.startAttempt();
        assertThat(opening.failed(new IOException("down"))).isEqualTo(CallExecution.FALLBACK);
        CallExecution refused = start(rule, stats);
        assertThat(refused.startAttempt()).isFalse();
        assertThat(refused.refused()).isEqualTo(CallExecution.FALLBACK);
        assertThat(stats.fallbacks.sum()).isEqualTo(2);
        assertThat(stats.refusedToFallback.sum()).isEqualTo(1);

        refused.fallbackFailed();

        assertThat(stats.fallbacks.sum()).isEqualTo(1);
        assertThat(stats.refusedToFallback.sum()).isZero();
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isZero();
    }
}
