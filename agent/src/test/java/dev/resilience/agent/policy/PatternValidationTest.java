package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per kind of error in the timeout, circuit breaker and bulkhead sections, each asserting line and column. */
class PatternValidationTest {

    @Nested
    class Timeout {
        @Test
        void acceptsTheShorthand() {
            assertThat(onlyRule(rule("timeout: 30s")).timeout())
                    .isEqualTo(new TimeoutSettings(Duration.ofSeconds(30), TimeoutSettings.Mode.THREAD));
        }

        @Test
        void acceptsInterruptMode() {
            assertThat(onlyRule(rule("timeout: { duration: 2s, mode: interrupt }")).timeout())
                    .isEqualTo(new TimeoutSettings(Duration.ofSeconds(2), TimeoutSettings.Mode.INTERRUPT));
        }

        @Test
        void rejectsAnUnknownModeWithASuggestion() {
            assertThat(onlyError(rule("timeout: { duration: 2s, mode: interupt }")))
                    .isEqualTo("p.yaml:5:36: rules[0].timeout.mode: expected one of thread, interrupt,"
                            + " got \"interupt\"; did you mean `interrupt`?");
        }

        @Test
        void rejectsAWordThatIsNeitherDurationNorOff() {
            assertThat(onlyError(rule("timeout: none")))
                    .isEqualTo("p.yaml:5:14: rules[0].timeout: expected a duration such as 30s, a mapping such as"
                            + " { duration: 30s, mode: interrupt }, or `off`, got \"none\"");
        }
    }

    @Nested
    class CircuitBreaker {
        /** Audit: a key cut short, more than two edits from the one meant, got only the list of keys. */
        @Test
        void suggestsTheOnlyKeyThatCompletesOneCutShort() {
            assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 50%, slidingWindow: 20 }")))
                    .isEqualTo("p.yaml:5:50: rules[0].circuitBreaker.slidingWindow: unknown key;"
                            + " did you mean `slidingWindowSize`?");
            assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 50%, slowCall: 2s }")))
                    .as("two keys begin so: no guess").contains("unknown key; the keys of");
        }

        @Test
        void rejectsBothThresholdsInOneMapping() {
            assertThat(onlyError(rule("circuitBreaker:", "  failureThreshold: 5", "  failureRateThreshold: 50%")))
                    .isEqualTo("p.yaml:7:7: rules[0].circuitBreaker: give either failureThreshold (consecutive"
                            + " failures) or failureRateThreshold (failure rate over a window), not both");
        }

        @Test
        void rejectsSlowCallKeysBesideFailureThreshold() {
            assertThat(onlyError(rule("circuitBreaker: { failureThreshold: 5, slowCallDuration: 2s }")))
                    .isEqualTo("p.yaml:5:44: rules[0].circuitBreaker.slowCallDuration: slow-call keys need a"
                            + " rate-based breaker, but this mapping sets failureThreshold; replace it by"
                            + " failureRateThreshold or remove slowCallDuration");
        }

        @Test
        void rejectsAWindowKeyOnAConsecutiveBreaker() {
            assertThat(onlyError(rule("circuitBreaker: { slidingWindowSize: 20 }")))
                    .isEqualTo("p.yaml:5:42: rules[0].circuitBreaker.slidingWindowSize: only a rate-based breaker"
                            + " uses slidingWindowSize, and this one counts consecutive failures; add"
                            + " failureRateThreshold (such as 50%) or remove slidingWindowSize");
        }

        @Test
        void rejectsMinimumCallsAboveTheWindow() {
            assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: 10, minimumCalls: 11 }")))
                    .isEqualTo("p.yaml:5:87: rules[0].circuitBreaker.minimumCalls: 11 is more than slidingWindowSize"
                            + " 10; the window never holds that many calls: lower minimumCalls or raise slidingWindowSize");
        }

        @Test
        void rejectsAPercentageWrittenAsABareNumberAndSuggestsThePercentSign() {
            assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 50 }")))
                    .isEqualTo("p.yaml:5:45: rules[0].circuitBreaker.failureRateThreshold: expected a percentage such"
                            + " as 50% or a fraction in (0, 1] such as 0.5, got 50; did you mean 50%?");
        }

        @Test
        void rejectsAPercentageAboveHundred() {
            assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 150% }")))
                    .startsWith("p.yaml:5:45: rules[0].circuitBreaker.failureRateThreshold: expected a percentage");
        }

        @Test
        void rejectsZeroHalfOpenCalls() {
            assertThat(onlyError(rule("circuitBreaker: { halfOpenCalls: 0 }")))
                    .isEqualTo("p.yaml:5:38: rules[0].circuitBreaker.halfOpenCalls: expected an integer >= 1, got 0");
        }

        @Test
        void rejectsSlowCallRateWithoutSlowCallDuration() {
            assertThat(onlyError(rule("circuitBreaker: { failureRateThreshold: 0.5, slowCallRateThreshold: 80% }")))
                    .isEqualTo("p.yaml:5:73: rules[0].circuitBreaker.slowCallRateThreshold: has no effect without"
                            + " slowCallDuration; add slowCallDuration (such as 5s) or remove it");
        }

        @Test
        void readsMethodScope() {
            assertThat(onlyRule(rule("circuitBreaker: { scope: method }")).circuitBreaker().scope())
                    .isEqualTo(BreakerSettings.Scope.METHOD);
        }

        @Test
        void rejectsAnUnknownScope() {
            assertThat(onlyError(rule("circuitBreaker: { scope: class }")))
                    .isEqualTo("p.yaml:5:30: rules[0].circuitBreaker.scope: expected one of rule, method, got \"class\"");
        }

        @Test
        void switchesOffWithOff() {
            assertThat(onlyRule(rule("circuitBreaker: off")).circuitBreaker()).isNull();
        }
    }

    @Nested
    class Bulkhead {
        @Test
        void acceptsZeroMaxWait() {
            assertThat(onlyRule(rule("bulkhead: { maxConcurrent: 8, maxWait: 0ms }")).bulkhead())
                    .isEqualTo(new BulkheadSettings(8, Duration.ZERO));
        }

        @Test
        void rejectsZeroConcurrentCalls() {
            assertThat(onlyError(rule("bulkhead: { maxConcurrent: 0 }")))
                    .isEqualTo("p.yaml:5:32: rules[0].bulkhead.maxConcurrent: expected an integer >= 1, got 0");
        }

        @Test
        void rejectsABulkheadWithoutMaxConcurrent() {
            assertThat(onlyError(rule("bulkhead: { maxWait: 10ms }")))
                    .isEqualTo("p.yaml:5:15: rules[0].bulkhead: needs maxConcurrent (the calls allowed at once,"
                            + " an integer >= 1)");
        }

        @Test
        void defaultsMaxWaitToNoWaiting() {
            assertThat(onlyRule(rule("bulkhead: { maxConcurrent: 2 }")).bulkhead().maxWait()).isEqualTo(Duration.ZERO);
        }
    }
}
