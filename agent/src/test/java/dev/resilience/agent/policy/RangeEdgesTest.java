package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract's ranges ("Durations and numbers") at their edges: each limit itself is accepted, and
 * the nearest value beyond it is refused. Found by mutation testing: no test wrote a value equal to a
 * limit, so a check made strict (or loose) by one character went unnoticed.
 */
class RangeEdgesTest {

    @Test
    void acceptsEveryRetryLimitItself() {
        RetrySettings retry = onlyRule(rule(
                "retry: { maxAttempts: 1, delay: 1s, maxDelay: 1s, multiplier: 1, jitter: 1, onStatus: [100, 599] }")).retry();
        assertThat(retry.maxAttempts()).isEqualTo(1);
        assertThat(retry.maxDelay()).isEqualTo(retry.delay());
        assertThat(retry.multiplier()).isEqualTo(1.0);
        assertThat(retry.jitter()).isEqualTo(1.0);
        assertThat(retry.onStatus()).isEqualTo(Set.of(100, 599));
    }

    @Test
    void refusesTheNearestValuesBeyondTheRetryLimits() {
        assertThat(onlyError(rule("retry: { multiplier: 0.999 }"))).isEqualTo("p.yaml:5:26: rules[0].retry.multiplier: expected a number >= 1, got 0.999");
        assertThat(onlyError(rule("retry: { jitter: 1.001 }"))).startsWith("p.yaml:5:22: rules[0].retry.jitter: expected a percentage");
        assertThat(onlyError(rule("retry: { onStatus: [600] }")))
                .isEqualTo("p.yaml:5:25: rules[0].retry.onStatus[0]: expected an integer from 100 to 599, got 600");
        assertThat(onlyError(rule("retry: { delay: 2s, maxDelay: 1999ms }"))).contains("rules[0].retry.maxDelay");
    }

    @Test
    void acceptsARateThresholdOfAHundredPercentAndAWindowOfExactlyMinimumCalls() {
        BreakerSettings breaker = onlyRule(rule(
                "circuitBreaker: { failureRateThreshold: 100%, slidingWindowSize: 20, minimumCalls: 20,"
                        + " slowCallDuration: 1s, slowCallRateThreshold: 1, halfOpenCalls: 1 }")).circuitBreaker();
        assertThat(breaker.failureRateThreshold()).isEqualTo(1.0);
        assertThat(breaker.slowCallRateThreshold()).isEqualTo(1.0);
        assertThat(breaker.minimumCalls()).isEqualTo(breaker.slidingWindowSize());
        assertThat(breaker.halfOpenCalls()).isEqualTo(1);
    }

    @Test
    void acceptsTheLargestSlidingWindowAndRefusesOneMore() {
        int largest = BreakerSection.MAX_SLIDING_WINDOW_SIZE;
        assertThat(onlyRule(rule("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: " + largest + " }"))
                .circuitBreaker().slidingWindowSize()).isEqualTo(largest);
        assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: " + (largest + 1) + " }")))
                .contains("rules[0].circuitBreaker.slidingWindowSize: expected an integer from 1 to " + largest);
    }

    @Test
    void refusesTheNearestValuesBeyondTheBreakerLimits() {
        assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 100.1% }")))
                .startsWith("p.yaml:5:45: rules[0].circuitBreaker.failureRateThreshold: expected a percentage");
        assertThat(onlyError(rule("circuitBreaker: { halfOpenCalls: 0 }"))).contains("rules[0].circuitBreaker.halfOpenCalls");
        assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: 20, minimumCalls: 21 }")))
                .contains("minimumCalls");
    }

    @Test
    void acceptsABulkheadThatNeverWaitsAndOneThatAdmitsOneCall() {
        BulkheadSettings bulkhead = onlyRule(rule("bulkhead: { maxConcurrent: 1, maxWait: 0ms }")).bulkhead();
        assertThat(bulkhead).isEqualTo(new BulkheadSettings(1, Duration.ZERO));
        assertThat(onlyError(rule("bulkhead: { maxConcurrent: 0 }"))).contains("rules[0].bulkhead.maxConcurrent");
    }
}
