package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.errors;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rule over defaults over built-in, key by key, with the breaker-kind exception and {@code off}. */
class MergingTest {

    /** A policy with {@code defaults} made of the given lines (indented 2) and rule `a` with the given lines (indented 4). */
    static String policy(List<String> defaults, List<String> rule) {
        StringBuilder s = new StringBuilder("version: 1\ndefaults:\n");
        defaults.forEach(l -> s.append("  ").append(l).append('\n'));
        s.append("rules:\n  - name: a\n    match: { class: com.example.A }\n");
        rule.forEach(l -> s.append("    ").append(l).append('\n'));
        return s.toString();
    }

    @Test
    void aRuleWithOnlyNameAndMatchGetsEveryBuiltInDefault() {
        Rule rule = onlyRule("version: 1\nrules:\n  - name: a\n    match: { class: com.example.A }\n");
        assertThat(rule.mode()).isEqualTo(BuiltInDefaults.MODE);
        assertThat(rule.retry()).isEqualTo(BuiltInDefaults.RETRY);
        assertThat(rule.timeout()).isEqualTo(BuiltInDefaults.TIMEOUT);
        assertThat(rule.circuitBreaker()).isEqualTo(BuiltInDefaults.CIRCUIT_BREAKER);
        assertThat(rule.bulkhead()).isNull();
        assertThat(rule.fallback()).isNull();
        assertThat(rule.onFailure()).isNull();
    }

    @Test
    void builtInDefaultsAreTheContractsValues() {
        assertThat(BuiltInDefaults.RETRY).isEqualTo(new RetrySettings(3, Duration.ofMillis(500), 1.5,
                Duration.ofSeconds(10), 0, List.of("java.io.IOException"), List.of(), null, java.util.Set.of()));
        assertThat(BuiltInDefaults.TIMEOUT.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(BuiltInDefaults.CIRCUIT_BREAKER.failureThreshold()).isEqualTo(5);
        assertThat(BuiltInDefaults.CIRCUIT_BREAKER.openDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(BuiltInDefaults.CIRCUIT_BREAKER.halfOpenCalls()).isEqualTo(1);
    }

    @Nested
    class Off {
        @Test
        void offInDefaultsSwitchesThePatternOffForRulesThatDoNotMentionIt() {
            Rule rule = onlyRule(policy(List.of("retry: off", "timeout: off", "circuitBreaker: off"), List.of()));
            assertThat(rule.retry()).isNull();
            assertThat(rule.timeout()).isNull();
            assertThat(rule.circuitBreaker()).isNull();
        }

        @Test
        void aRuleGivingTheSectionSwitchesItBackOnOverBuiltInsOnly() {
            Rule rule = onlyRule(policy(List.of("retry: off"), List.of("retry: { maxAttempts: 2 }")));
            assertThat(rule.retry().maxAttempts()).isEqualTo(2);
            assertThat(rule.retry().delay()).isEqualTo(BuiltInDefaults.RETRY.delay());
        }

        @Test
        void anEmptyMappingSwitchesItBackOnWithBuiltIns() {
            assertThat(onlyRule(policy(List.of("timeout: off"), List.of("timeout: {}"))).timeout())
                    .isEqualTo(BuiltInDefaults.TIMEOUT);
        }

        @Test
        void offInTheRuleWinsOverDefaults() {
            assertThat(onlyRule(policy(List.of("bulkhead: { maxConcurrent: 4 }"), List.of("bulkhead: off"))).bulkhead())
                    .isNull();
        }
    }

    @Nested
    class KeyByKey {
        @Test
        void theTimeoutShorthandKeepsTheModeFromDefaults() {
            assertThat(onlyRule(policy(List.of("timeout: { mode: interrupt }"), List.of("timeout: 30s"))).timeout())
                    .isEqualTo(new TimeoutSettings(Duration.ofSeconds(30), TimeoutSettings.Mode.INTERRUPT));
        }

        @Test
        void listsAreReplacedNotAppended() {
            assertThat(onlyRule(policy(List.of("retry: { retryOn: [java.io.IOException] }"),
                    List.of("retry: { retryOn: [java.net.ConnectException] }"))).retry().retryOn())
                    .containsExactly("java.net.ConnectException");
        }

        @Test
        void modeComesFromDefaultsUnlessTheRuleSetsIt() {
            assertThat(onlyRule(policy(List.of("mode: observe"), List.of())).mode()).isEqualTo(Rule.Mode.OBSERVE);
            assertThat(onlyRule(policy(List.of("mode: observe"), List.of("mode: enforce"))).mode())
                    .isEqualTo(Rule.Mode.ENFORCE);
        }

        @Test
        void aBulkheadMergesMaxWaitOverTheDefaultsMaxConcurrent() {
            assertThat(onlyRule(policy(List.of("bulkhead: { maxConcurrent: 4 }"), List.of("bulkhead: { maxWait: 5ms }")))
                    .bulkhead()).isEqualTo(new BulkheadSettings(4, Duration.ofMillis(5)));
        }

        @Test
        void onFailureIsInheritedFromDefaults() {
            assertThat(onlyRule(policy(List.of("onFailure: { exception: java.io.UncheckedIOException }"), List.of()))
                    .onFailure().exceptionClass()).isEqualTo("java.io.UncheckedIOException");
        }

        @Test
        void budgetOffCancelsTheDefaultsBudget() {
            assertThat(onlyRule(policy(List.of("retry: { budget: { ratio: 20% } }"), List.of("retry: { budget: off }")))
                    .retry().budget()).isNull();
        }

        @Test
        void maxDelayIsCheckedAfterMergingAndNamesWhereTheOtherValueCameFrom() {
            assertThat(errors(policy(List.of("retry: { maxDelay: 2s }"), List.of("retry: { delay: 5s }"))))
                    .containsExactly("p.yaml:7:21: rules[0].retry.delay: 5s is longer than maxDelay 2s (from defaults);"
                            + " maxDelay caps every wait, so it must be >= delay: raise maxDelay or lower delay");
        }
    }

    /**
     * Regression: {@code defaults} used to be checked against the built-in values on its own. Rule `a`
     * (lines 5-7) is followed by rule `b` with the given lines.
     */
    @Nested
    class ChecksOnMergedValues {
        private String andRuleB(String policy, String... lines) {
            StringBuilder s = new StringBuilder(policy).append("  - name: b\n    match: { class: com.example.B }\n");
            for (String line : lines) {
                s.append("    ").append(line).append('\n');
            }
            return s.toString();
        }

        @Test
        void aDelayInDefaultsIsValidWhenEveryRuleRaisesMaxDelay() {
            Rule rule = onlyRule(policy(List.of("retry: { delay: 20s }"), List.of("retry: { maxDelay: 30s }")));
            assertThat(rule.retry().delay()).isEqualTo(Duration.ofSeconds(20));
            assertThat(rule.retry().maxDelay()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void aDelayInDefaultsIsValidWhenTheOnlyRuleSwitchesRetryOff() {
            assertThat(onlyRule(policy(List.of("retry: { delay: 20s }"), List.of("retry: off"))).retry()).isNull();
        }

        @Test
        void aRuleThatInheritsInvalidMergedValuesIsNamedAtTheValueInDefaults() {
            assertThat(errors(andRuleB(policy(List.of("retry: { delay: 20s }"), List.of("retry: { maxDelay: 30s }")),
                    "retry: { maxAttempts: 2 }"))).containsExactly("p.yaml:3:19: defaults.retry.delay: 20s is longer than"
                    + " maxDelay 10s (built-in default) for rule b; maxDelay caps every wait, so it must be >= delay: raise"
                    + " maxDelay or lower delay");
        }

        /** Audit: an invalid maxDelay was followed by "delay 1h is longer than maxDelay 10s (built-in default)". */
        @Test
        void aValueAlreadyReportedAsWrongIsNotComparedAgainWithTheValueLeftInItsPlace() {
            assertThat(errors(policy(List.of(), List.of("retry: { delay: 1h, maxDelay: 8761h }"))))
                    .singleElement().asString().startsWith("p.yaml:6:35: rules[0].retry.maxDelay: ").doesNotContain("delay 1h");
            assertThat(errors(policy(List.of("retry: { maxDelay: 8761h }"), List.of("retry: { delay: 1h }"))))
                    .singleElement().asString().startsWith("p.yaml:3:22: defaults.retry.maxDelay: ");
            assertThat(errors(policy(List.of("circuitBreaker: { slidingWindowSize: 0 }"),
                    List.of("circuitBreaker: { minimumCalls: 20, failureRateThreshold: 50% }"))))
                    .singleElement().asString().startsWith("p.yaml:3:40: defaults.circuitBreaker.slidingWindowSize: ");
        }

        @Test
        void aValueTheRuleWritesValidlyIsStillComparedWhenDefaultsWroteItWrongly() {
            assertThat(errors(policy(List.of("retry: { maxDelay: 8761h }"), List.of("retry: { delay: 20s, maxDelay: 15s }"))))
                    .hasSize(2).anySatisfy(e -> assertThat(e).contains("rules[0].retry.maxDelay: 15s is shorter than delay 20s"));
        }

        @Test
        void aValueTheRuleWritesIsBlamedRatherThanTheOneItInherits() {
            assertThat(errors(policy(List.of("retry: { delay: 20s }"), List.of("retry: { maxDelay: 15s }"))))
                    .containsExactly("p.yaml:7:24: rules[0].retry.maxDelay: 15s is shorter than delay 20s (from defaults);"
                            + " maxDelay caps every wait, so it must be >= delay: raise maxDelay or lower delay");
        }

        @Test
        void aWindowTemplateInDefaultsIsJudgedOnlyInTheRateBreakersItEndsUpIn() {
            List<String> template = List.of("circuitBreaker: { slidingWindowSize: 10, minimumCalls: 20 }");
            assertThat(onlyRule(policy(template, List.of())).circuitBreaker().kind()).isEqualTo(BreakerSettings.Kind.CONSECUTIVE);
            BreakerSettings rate = onlyRule(policy(template,
                    List.of("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: 40 }"))).circuitBreaker();
            assertThat(rate.slidingWindowSize()).isEqualTo(40);
            assertThat(rate.minimumCalls()).isEqualTo(20);
        }

        @Test
        void minimumCallsInDefaultsAboveTheWindowOfARateRuleIsReportedInDefaultsForThatRule() {
            assertThat(errors(andRuleB(policy(List.of("circuitBreaker: { minimumCalls: 150 }"), List.of()),
                    "circuitBreaker: { failureRateThreshold: 50% }"))).containsExactly("p.yaml:3:35:"
                    + " defaults.circuitBreaker.minimumCalls: 150 is more than slidingWindowSize 100 (built-in default)"
                    + " for rule b; the window never holds that many calls: lower minimumCalls or raise slidingWindowSize");
        }

        @Test
        void aBulkheadInDefaultsMayLeaveMaxConcurrentToTheRules() {
            assertThat(onlyRule(policy(List.of("bulkhead: { maxWait: 10ms }"), List.of("bulkhead: { maxConcurrent: 4 }")))
                    .bulkhead()).isEqualTo(new BulkheadSettings(4, Duration.ofMillis(10)));
        }

        @Test
        void aRuleInheritingABulkheadWithoutMaxConcurrentIsNamedAtTheBulkheadInDefaults() {
            assertThat(errors(andRuleB(policy(List.of("bulkhead: { maxWait: 10ms }"), List.of()), "bulkhead: { maxConcurrent: 4 }")))
                    .containsExactly("p.yaml:3:13: defaults.bulkhead: needs maxConcurrent (the calls allowed at once,"
                            + " an integer >= 1) for rule a");
        }

        @Test
        void aValueInvalidOnItsOwnIsStillAnErrorInDefaults() {
            assertThat(errors(policy(List.of("retry: { maxAttempts: 0 }"), List.of("retry: off"))))
                    .containsExactly("p.yaml:3:25: defaults.retry.maxAttempts: expected an integer >= 1, got 0");
        }

        @Test
        void bothBreakerKindsInDefaultsAreStillAnErrorWhateverTheRulesSay() {
            assertThat(errors(policy(List.of("circuitBreaker: { failureThreshold: 5, failureRateThreshold: 50% }"),
                    List.of("circuitBreaker: { failureThreshold: 3 }"))))
                    .containsExactly("p.yaml:3:42: defaults.circuitBreaker: give either failureThreshold (consecutive"
                            + " failures) or failureRateThreshold (failure rate over a window), not both");
        }
    }

    @Nested
    class BreakerKinds {
        @Test
        void failureThresholdInTheRuleDropsInheritedRateKeys() {
            BreakerSettings breaker = onlyRule(policy(
                    List.of("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: 40, minimumCalls: 10 }"),
                    List.of("circuitBreaker: { failureThreshold: 3 }"))).circuitBreaker();
            assertThat(breaker.kind()).isEqualTo(BreakerSettings.Kind.CONSECUTIVE);
            assertThat(breaker.failureThreshold()).isEqualTo(3);
            assertThat(breaker.failureRateThreshold()).isZero();
            assertThat(breaker.slidingWindowSize()).isZero();
            assertThat(breaker.minimumCalls()).isZero();
        }

        @Test
        void failureRateThresholdInTheRuleDropsTheInheritedThreshold() {
            BreakerSettings breaker = onlyRule(policy(List.of("circuitBreaker: { failureThreshold: 7, openDuration: 20s }"),
                    List.of("circuitBreaker: { failureRateThreshold: 25% }"))).circuitBreaker();
            assertThat(breaker.kind()).isEqualTo(BreakerSettings.Kind.RATE);
            assertThat(breaker.failureThreshold()).isZero();
            assertThat(breaker.failureRateThreshold()).isEqualTo(0.25);
            assertThat(breaker.openDuration()).isEqualTo(Duration.ofSeconds(20));
        }

        @Test
        void aRateBreakerWithoutWindowGetsTheBuiltInWindow() {
            BreakerSettings breaker = onlyRule(policy(List.of(), List.of("circuitBreaker: { failureRateThreshold: 0.5 }")))
                    .circuitBreaker();
            assertThat(breaker.slidingWindowSize()).isEqualTo(BuiltInDefaults.RATE_SLIDING_WINDOW_SIZE).isEqualTo(100);
            assertThat(breaker.minimumCalls()).isEqualTo(BuiltInDefaults.RATE_MINIMUM_CALLS).isEqualTo(20);
        }

        @Test
        void aSmallWindowCutsTheDefaultMinimumCallsToItsSize() {
            BreakerSettings breaker = onlyRule(policy(List.of(),
                    List.of("circuitBreaker: { failureRateThreshold: 50%, slidingWindowSize: 10 }"))).circuitBreaker();
            assertThat(breaker.minimumCalls()).isEqualTo(10);
        }

        @Test
        void slowCallDurationAloneOpensOnlyWhenEveryCallIsSlow() {
            BreakerSettings breaker = onlyRule(policy(List.of(),
                    List.of("circuitBreaker: { failureRateThreshold: 50%, slowCallDuration: 3s }"))).circuitBreaker();
            assertThat(breaker.slowCallDuration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(breaker.slowCallRateThreshold()).isEqualTo(1.0);
        }

        @Test
        void rateKeysInDefaultsAreTemplatesForRulesThatChooseARate() {
            Policy policy = valid("""
                    version: 1
                    defaults:
                      circuitBreaker: { slidingWindowSize: 50, minimumCalls: 25 }
                    rules:
                      - name: consecutive
                        match: { class: com.example.A }
                      - name: rate
                        match: { class: com.example.B }
                        circuitBreaker: { failureRateThreshold: 50% }
                    """);
            assertThat(policy.rules().get(0).circuitBreaker().kind()).isEqualTo(BreakerSettings.Kind.CONSECUTIVE);
            assertThat(policy.rules().get(0).circuitBreaker().slidingWindowSize()).isZero();
            assertThat(policy.rules().get(1).circuitBreaker().slidingWindowSize()).isEqualTo(50);
            assertThat(policy.rules().get(1).circuitBreaker().minimumCalls()).isEqualTo(25);
        }

        @Test
        void bothThresholdsAreJudgedWithinOneMappingNotAcrossLayers() {
            assertThat(onlyRule(policy(List.of("circuitBreaker: { failureThreshold: 5 }"),
                    List.of("circuitBreaker: { failureRateThreshold: 50%, slowCallDuration: 2s }"))).circuitBreaker().kind())
                    .isEqualTo(BreakerSettings.Kind.RATE);
        }
    }
}
