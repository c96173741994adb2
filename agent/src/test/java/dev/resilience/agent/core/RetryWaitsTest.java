package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The waits a call's retries take, drawn as the rule says. */
class RetryWaitsTest extends ExecutionFixture {
    /**
     * Audit: jitter was tested only on the backoff formula with fixed random numbers; a call that
     * drew none (every wait the same) passed every test.
     */
    @Test
    void jitterDrawsEachWaitWithinItsBounds() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 100ms, multiplier: 2, maxDelay: 300ms, jitter: 0.5 }\n"
                + "    circuitBreaker: off\n");
        Set<Long> firstWaits = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            CallExecution call = start(rule, stats);
            call.startAttempt();
            assertThat(call.failed(new IOException())).isEqualTo(CallExecution.RETRY);
            long first = call.nextDelayNanos();
            assertThat(first).isBetween(Duration.ofMillis(50).toNanos(), Duration.ofMillis(150).toNanos());
            firstWaits.add(first);
            call.awaitBackoff();
            call.startAttempt();
            assertThat(call.failed(new IOException())).isEqualTo(CallExecution.RETRY);
            // 200 ms drawn in [100, 300] ms, then capped at maxDelay
            assertThat(call.nextDelayNanos()).isBetween(Duration.ofMillis(100).toNanos(), Duration.ofMillis(300).toNanos());
        }
        assertThat(firstWaits).as("50 waits drawn at random").hasSizeGreaterThan(40);
    }
}
