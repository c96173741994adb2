package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls of a light rule, which run their first attempt without a {@link CallExecution} until it fails. */
class LightExecutionTest extends ExecutionFixture {
    @Test
    void aRuleIsLightOnlyWithoutClockBulkheadBudgetOrObservation() {
        assertThat(rule("    retry: { maxAttempts: 3 }\n    circuitBreaker: { failureThreshold: 5 }\n    timeout: off\n")
                .light()).isTrue();
        assertThat(rule("    timeout: 1s\n").light()).as("the contract's default timeout applies").isFalse();
        String untimed = "    timeout: off\n";
        assertThat(rule(untimed).light()).isTrue();
        assertThat(rule(untimed + "    bulkhead: { maxConcurrent: 1 }\n").light()).isFalse();
        assertThat(rule(untimed + "    mode: observe\n").light()).isFalse();
        assertThat(rule(untimed + "    retry: { maxAttempts: 3, budget: { ratio: 50%, minPerSecond: 0 } }\n").light()).isFalse();
        assertThat(rule(untimed + "    circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: 10, minimumCalls: 10,"
                + " slowCallDuration: 1s, slowCallRateThreshold: 50% }\n").light()).isFalse();
    }

    @Test
    void aLightSuccessCountsOneSuccessAndClearsTheBreakersConsecutiveFailures() {
        RuleRuntime rule = rule("    timeout: off\n    retry: off\n    circuitBreaker: { failureThreshold: 2, openDuration: 1s }\n");
        CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
        assertThat(rule.light()).isTrue();
        CallExecution failing = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        failing.startAttempt();
        failing.failed(new IOException("1"));

        LightCall.succeeded(breaker, breaker.acquirePermit(), stats, ThreadCells.forCurrentThread());
        CallExecution second = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        second.startAttempt();
        second.failed(new IOException("2"));

        assertThat(stats.successes.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isEqualTo(2);
        assertThat(breaker.state()).as("the success between the failures reset the count").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aResumedFirstAttemptIsRetriedAndCountedAsOneThatStartedNormally() {
        RuleRuntime rule = rule("    timeout: off\n    retry: { maxAttempts: 2, delay: 100ms }\n    circuitBreaker: { failureThreshold: 2, openDuration: 1s }\n");
        CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
        assertThat(rule.light()).isTrue();
        CircuitBreaker.Permit permit = breaker.acquirePermit();
        IOException first = new IOException("1");

        CallExecution call = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE).resumeFirstAttempt(permit);

        assertThat(call.failed(first)).isEqualTo(CallExecution.RETRY);
        assertThat(call.attempts()).isEqualTo(1);
        // not counted before it starts: a scrape during the backoff must not see a retry that may never run
        assertThat(stats.retries.sum()).isZero();
        assertThat(call.awaitBackoff()).isTrue();
        assertThat(call.startAttempt()).isTrue();
        assertThat(stats.retries.sum()).isEqualTo(1);
        assertThat(call.failed(new IOException("2"))).as("the last attempt").isEqualTo(CallExecution.FAIL);
        assertThat(breaker.state()).as("both failures reached the breaker, the first with its permit")
                .isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    @Test
    void aResumedHalfOpenTrialThatFailsReopensTheBreaker() {
        RuleRuntime rule = rule("    timeout: off\n    retry: off\n    circuitBreaker: { failureThreshold: 1, openDuration: 1s, halfOpenCalls: 2 }\n");
        CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
        assertThat(rule.light()).isTrue();
        CallExecution opening = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        opening.startAttempt();
        opening.failed(new IOException("opens"));
        clock.advanceNanos(Duration.ofSeconds(1).toNanos());
        CircuitBreaker.Permit trial = breaker.acquirePermit();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        CallExecution call = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE).resumeFirstAttempt(trial);

        assertThat(call.failed(new IOException("trial"))).isEqualTo(CallExecution.FAIL);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(stats.failures.sum()).isEqualTo(2);
    }

    @Test
    void aFirstAttemptRefusedByTheBreakerBeforeTheExecutionBeganIsARejection() {
        RuleRuntime rule = rule("    timeout: off\n    retry: { maxAttempts: 3 }\n");

        CallExecution call = new CallExecution().begin(rule, null, stats, Long.MAX_VALUE);

        assertThat(call.refuseFirstAttemptByBreaker()).isEqualTo(CallExecution.REJECT);
        assertThat(call.rejection()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(call.attempts()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isZero();
    }

    @Test
    void withAFallbackTheRefusedFirstAttemptIsServedTheFallback() {
        RuleRuntime rule = rule("    timeout: off\n    fallback: { value: null }\n");

        CallExecution call = new CallExecution().begin(rule, null, stats, Long.MAX_VALUE);

        assertThat(call.refuseFirstAttemptByBreaker()).isEqualTo(CallExecution.FALLBACK);
        call.fallbackServed();
        assertThat(stats.fallbacks.sum()).isEqualTo(1);
        assertThat(stats.refusedToFallback.sum()).as("a refused call, whatever the caller got").isEqualTo(1);
        assertThat(stats.rejections.sum()).as("the caller got no rejection").isZero();
    }
}
