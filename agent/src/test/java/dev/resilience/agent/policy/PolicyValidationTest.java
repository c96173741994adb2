package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.HEAD;
import static dev.resilience.agent.policy.PolicyTexts.errors;
import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per kind of error, each asserting line and column; grouped by key. */
class PolicyValidationTest {

    @Nested
    class TopLevel {
        @Test
        void rejectsMissingVersionAtTheStartOfTheFile() {
            assertThat(onlyError("""
                    rules:
                      - name: a
                        match: { class: com.example.A }
                    """)).isEqualTo("p.yaml:1:1: missing `version: 1`; put it on the first line of the policy");
        }

        @Test
        void rejectsAnotherVersion() {
            assertThat(onlyError(HEAD.replace("version: 1", "version: 2")))
                    .isEqualTo("p.yaml:1:10: version: expected 1 (the only policy version this agent reads), got 2");
        }

        @Test
        void rejectsVersionWrittenAsAString() {
            assertThat(onlyError(HEAD.replace("version: 1", "version: \"1\"")))
                    .startsWith("p.yaml:1:10: version: expected 1");
        }

        @Test
        void rejectsMissingRules() {
            assertThat(onlyError("version: 1\n"))
                    .isEqualTo("p.yaml:1:1: missing `rules`: a list of rules, each with a name and a match");
        }

        @Test
        void rejectsAnEmptyRuleList() {
            assertThat(onlyError("version: 1\nrules: []\n"))
                    .isEqualTo("p.yaml:2:8: rules: the list is empty; a policy needs at least one rule");
        }

        @Test
        void rejectsRulesThatAreNotAList() {
            assertThat(onlyError("version: 1\nrules: { name: a }\n"))
                    .isEqualTo("p.yaml:2:8: rules: expected a list of rules (each item starts with `- name:`), got a mapping");
        }

        @Test
        void suggestsTheKnownKeyForATypo() {
            assertThat(errors(HEAD + "default:\n  mode: observe\n"))
                    .containsExactly("p.yaml:5:1: default: unknown key; did you mean `defaults`?");
        }

        @Test
        void rejectsAnEmptyFile() {
            assertThat(onlyError("# nothing here\n"))
                    .isEqualTo("p.yaml:1:1: the file is empty; a policy starts with `version: 1` and lists `rules`");
        }

        @Test
        void rejectsADocumentThatIsNotAMapping() {
            assertThat(onlyError("- version: 1\n"))
                    .isEqualTo("p.yaml:1:1: the file: expected a mapping with `version: 1` and `rules`, got a list");
        }

        @Test
        void rejectsADuplicateKeyAtTheSecondOccurrence() {
            assertThat(onlyError(HEAD + "version: 1\n"))
                    .isEqualTo("p.yaml:5:1: duplicate key `version` (first given at 1:1); keep one of them");
        }
    }

    @Nested
    class Defaults {
        @Test
        void rejectsFallbackInDefaultsAndSaysWhy() {
            assertThat(onlyError(HEAD + "defaults:\n  fallback: { value: \"\" }\n"))
                    .isEqualTo("p.yaml:6:3: defaults.fallback: not allowed in defaults; a fallback must fit the return"
                            + " type of the methods it replaces: give it in each rule that needs it");
        }

        @Test
        void rejectsNameAndMatchInDefaults() {
            assertThat(errors(HEAD + "defaults:\n  name: x\n  match: { class: a.B }\n")).containsExactly(
                    "p.yaml:6:3: defaults.name: not allowed in defaults; every rule gives its own name and match: move it into a rule",
                    "p.yaml:7:3: defaults.match: not allowed in defaults; every rule gives its own name and match: move it into a rule");
        }

        @Test
        void rejectsDefaultsThatAreNotAMapping() {
            assertThat(onlyError(HEAD + "defaults: [retry]\n"))
                    .startsWith("p.yaml:5:11: defaults: expected a mapping of settings shared by every rule");
        }

        @Test
        void reportsAnInconsistencyInDefaultsOnceNamingTheRulesThatInheritIt() {
            String yaml = """
                    version: 1
                    defaults:
                      retry: { delay: 20s }
                    rules:
                      - name: a
                        match: { class: com.example.A }
                      - name: b
                        match: { class: com.example.B }
                    """;
            assertThat(errors(yaml)).containsExactly("p.yaml:3:19: defaults.retry.delay: 20s is longer than maxDelay 10s"
                    + " (built-in default) for rules a and b; maxDelay caps every wait, so it must be >= delay: raise"
                    + " maxDelay or lower delay");
        }
    }

    @Nested
    class Name {
        @Test
        void rejectsAMissingName() {
            assertThat(onlyError("version: 1\nrules:\n  - match: { class: a.B }\n"))
                    .isEqualTo("p.yaml:3:5: rules[0]: missing `name`, such as `name: ollama` (lower case letters, digits, - and _)");
        }

        @Test
        void rejectsUpperCaseAndSpaces() {
            assertThat(onlyError(HEAD.replace("name: a", "name: My Rule")))
                    .startsWith("p.yaml:3:11: rules[0].name: expected a name of lower case letters, digits, - and _")
                    .endsWith("got \"My Rule\"");
        }

        @Test
        void rejectsADuplicateNameAtTheSecondRule() {
            assertThat(onlyError(HEAD + "  - name: a\n    match: { class: com.example.B }\n"))
                    .isEqualTo("p.yaml:5:11: rules[1].name: duplicate rule name `a` (first used at 3:11);"
                            + " names must be unique, they tag the metrics");
        }

        @Test
        void acceptsDigitsDashesAndUnderscores() {
            assertThat(onlyRule(HEAD.replace("name: a", "name: 3rd-party_api")).name()).isEqualTo("3rd-party_api");
        }
    }

    @Nested
    class MatchKey {
        @Test
        void rejectsAMissingMatch() {
            assertThat(onlyError("version: 1\nrules:\n  - name: a\n"))
                    .isEqualTo("p.yaml:3:5: rules[0]: missing `match`, such as `match: { class: com.example.OllamaClient }`");
        }

        @Test
        void rejectsAMatchWithoutTypeSelector() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ methods: [get] }")))
                    .isEqualTo("p.yaml:4:12: rules[0].match: needs one of class, subtypeOf or annotatedWith,"
                            + " such as `class: com.example.OllamaClient`");
        }

        @Test
        void rejectsTwoTypeSelectorsAtTheSecond() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ class: a.B, annotatedWith: a.C }")))
                    .isEqualTo("p.yaml:4:26: rules[0].match.annotatedWith: give only one of class, subtypeOf or"
                            + " annotatedWith (class is given at 4:14); use one rule per type selector");
        }

        @Test
        void rejectsAClassNameThatIsNotABinaryName() {
            assertThat(onlyError(HEAD.replace("com.example.A", "com.example..A")))
                    .isEqualTo("p.yaml:4:21: rules[0].match.class: expected a binary class name or glob such as"
                            + " com.example.OllamaClient or com.example.**.*Client, got \"com.example..A\"");
        }

        @Test
        void acceptsGlobsAndNestedClassNames() {
            Rule rule = onlyRule(HEAD.replace("com.example.A", "com.example.**.*Client$Inner"));
            assertThat(rule.match().type()).isEqualTo("com.example.**.*Client$Inner");
            assertThat(rule.match().kind()).isEqualTo(Match.Kind.CLASS);
        }

        @Test
        void rejectsAGlobInSubtypeOf() {
            assertThat(onlyError(HEAD.replace("class: com.example.A", "subtypeOf: com.example.*")))
                    .startsWith("p.yaml:4:25: rules[0].match.subtypeOf: expected a binary class name");
        }

        @Test
        void parsesPinnedParameterTypesAndEmptyParentheses() {
            Rule rule = onlyRule(HEAD.replace("{ class: com.example.A }",
                    "{ class: com.example.A, methods: [\"put(java.lang.String, int[][])\", \"close()\", \"get*\"] }"));
            List<MethodPattern> methods = rule.match().methods();
            assertThat(methods).extracting(MethodPattern::name).containsExactly("put", "close", "get*");
            assertThat(methods.get(0).parameterTypes()).containsExactly("java.lang.String", "int[][]");
            assertThat(methods.get(0).text()).isEqualTo("put(java.lang.String, int[][])");
            assertThat(methods.get(1).parameterTypes()).isEmpty();
            assertThat(methods.get(2).parameterTypes()).isNull();
            assertThat(methods.get(2).position()).isEqualTo(new Position(4, 91));
        }

        @Test
        void rejectsAnUnclosedParameterList() {
            assertThat(onlyError(rule("match: { class: a.B, methods: [\"put(int\"] }").replace(
                    "    match: { class: com.example.A }\n", "")))
                    .isEqualTo("p.yaml:4:36: rules[0].match.methods[0]: expected parameter types in one pair of"
                            + " parentheses at the end, such as upload(java.lang.String,byte[]), got \"put(int\"");
        }

        @Test
        void rejectsASimpleParameterTypeNameAndSuggestsTheBinaryName() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }",
                    "{ class: a.B, exclude: [\"put(String)\"] }")))
                    .isEqualTo("p.yaml:4:36: rules[0].match.exclude[0]: expected parameter types as fully qualified"
                            + " names: write java.lang.String, not String, got \"put(String)\"");
        }

        @Test
        void rejectsVarargsAndSuggestsTheArrayType() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }",
                    "{ class: a.B, methods: [\"log(java.lang.Object...)\"] }")))
                    .contains("rules[0].match.methods[0]: expected an array type instead of varargs: write java.lang.Object[]");
        }

        @Test
        void rejectsAnEmptyMethodList() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ class: a.B, methods: [] }")))
                    .isEqualTo("p.yaml:4:35: rules[0].match.methods: an empty list names no method; leave the key out"
                            + " to match the default method set");
        }

        @Test
        void rejectsMethodsGivenAsAMapping() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ class: a.B, methods: { get: 1 } }")))
                    .isEqualTo("p.yaml:4:35: rules[0].match.methods: expected a list of method patterns such as"
                            + " [generate, \"embed*\"], got a mapping");
        }

        /**
         * The agent starts (and reloads) with such a policy: the first rule wins and a warning names both.
         * Only {@code validate} and {@code explain} report it; the loader keeps every rule's match for them.
         */
        @Test
        void aMethodMatchedByTwoRulesIsNotALoaderError() {
            LoadResult result = PolicyLoader.parse(HEAD + "  - name: b\n    match: { class: com.example.A, methods: [get] }\n",
                    PolicyTexts.FILE);
            assertThat(result.errors()).isEmpty();
            assertThat(result.policy().rules()).extracting(Rule::name).containsExactly("a", "b");
            assertThat(result.matches()).extracting(RuleMatch::path, RuleMatch::name)
                    .containsExactly(tuple("rules[0]", "a"), tuple("rules[1]", "b"));
        }

        @Test
        void keepsTheMatchOfARuleWhoseOtherSettingsAreInvalid() {
            LoadResult result = PolicyLoader.parse(rule("retry: { maxAttempts: 0 }"), PolicyTexts.FILE);
            assertThat(result.ok()).isFalse();
            assertThat(result.matches()).extracting(m -> m.match().type()).containsExactly("com.example.A");
        }

        @Test
        void suggestsSubtypeOfForACaseSlip() {
            assertThat(errors(HEAD.replace("class: com.example.A", "subTypeOf: com.example.A"))).containsExactly(
                    "p.yaml:4:12: rules[0].match: needs one of class, subtypeOf or annotatedWith, such as"
                            + " `class: com.example.OllamaClient`",
                    "p.yaml:4:14: rules[0].match.subTypeOf: unknown key; did you mean `subtypeOf`?");
        }
    }

    @Nested
    class Mode {
        @Test
        void acceptsObserve() {
            assertThat(onlyRule(rule("mode: observe")).mode()).isEqualTo(Rule.Mode.OBSERVE);
        }

        @Test
        void rejectsAnUnknownModeWithASuggestion() {
            assertThat(onlyError(rule("mode: observed")))
                    .isEqualTo("p.yaml:5:11: rules[0].mode: expected one of enforce, observe, got \"observed\";"
                            + " did you mean `observe`?");
        }
    }

    @Nested
    class Retry {
        @Test
        void rejectsAWordForMaxAttempts() {
            assertThat(onlyError(rule("retry: { maxAttempts: three }")))
                    .isEqualTo("p.yaml:5:27: rules[0].retry.maxAttempts: expected an integer >= 1, got \"three\"");
        }

        @Test
        void rejectsZeroAttempts() {
            assertThat(onlyError(rule("retry:", "  maxAttempts: 0")))
                    .isEqualTo("p.yaml:6:20: rules[0].retry.maxAttempts: expected an integer >= 1, got 0");
        }

        @Test
        void rejectsAQuotedNumberAndSaysToRemoveTheQuotes() {
            assertThat(onlyError(rule("retry: { maxAttempts: \"3\" }")))
                    .isEqualTo("p.yaml:5:27: rules[0].retry.maxAttempts: expected an integer >= 1,"
                            + " got \"3\" (a quoted string: remove the quotes)");
        }

        @Test
        void rejectsAMultiplierBelowOne() {
            assertThat(onlyError(rule("retry: { multiplier: 0.5 }")))
                    .isEqualTo("p.yaml:5:26: rules[0].retry.multiplier: expected a number >= 1, got 0.5");
        }

        @Test
        void rejectsJitterAboveOne() {
            assertThat(onlyError(rule("retry: { jitter: 1.5 }")))
                    .isEqualTo("p.yaml:5:22: rules[0].retry.jitter: expected a percentage such as 50% or a fraction"
                            + " in [0, 1] such as 0.5, got 1.5");
        }

        @Test
        void acceptsJitterAsFractionOrPercentage() {
            assertThat(onlyRule(rule("retry: { jitter: 0.25 }")).retry().jitter()).isEqualTo(0.25);
            assertThat(onlyRule(rule("retry: { jitter: 10% }")).retry().jitter()).isEqualTo(0.1);
        }

        @Test
        void rejectsMaxDelayBelowDelayInTheSameMapping() {
            assertThat(onlyError(rule("retry: { delay: 2s, maxDelay: 1s }")))
                    .isEqualTo("p.yaml:5:35: rules[0].retry.maxDelay: 1s is shorter than delay 2s; maxDelay caps every"
                            + " wait, so it must be >= delay: raise maxDelay or lower delay");
        }

        @Test
        void rejectsAnExceptionListEntryThatIsNotAClassName() {
            assertThat(onlyError(rule("retry: { retryOn: [java.io.IOException, \"java io Timeout\"] }")))
                    .isEqualTo("p.yaml:5:45: rules[0].retry.retryOn[1]: expected a binary class name such as"
                            + " java.io.IOException or com.example.Outer$Inner, got \"java io Timeout\"");
        }

        @Test
        void rejectsASingleClassNameWhereAListIsNeeded() {
            assertThat(onlyError(rule("retry: { abortOn: java.io.IOException }")))
                    .isEqualTo("p.yaml:5:23: rules[0].retry.abortOn: expected a list of class names such as"
                            + " [java.io.IOException], got \"java.io.IOException\"");
        }

        @Test
        void rejectsAStatusOutsideHttpRange() {
            assertThat(onlyError(rule("retry: { onStatus: [429, 99] }")))
                    .isEqualTo("p.yaml:5:30: rules[0].retry.onStatus[1]: expected an integer from 100 to 599, got 99");
        }

        @Test
        void readsABudget() {
            RetrySettings retry = onlyRule(rule("retry: { budget: { ratio: 0.1 } }")).retry();
            assertThat(retry.budget()).isEqualTo(new RetrySettings.Budget(0.1, 0));
        }

        @Test
        void rejectsABudgetWithoutRatio() {
            assertThat(onlyError(rule("retry: { budget: { minPerSecond: 5 } }")))
                    .isEqualTo("p.yaml:5:22: rules[0].retry.budget: needs `ratio` (the share of calls that may be"
                            + " retried, such as 20%)");
        }

        @Test
        void aZeroRatioLeavesTheBudgetToMinPerSecondAlone() {
            assertThat(onlyRule(rule("retry: { budget: { ratio: 0%, minPerSecond: 5 } }")).retry().budget())
                    .isEqualTo(new RetrySettings.Budget(0.0, 5));
            assertThat(onlyError(rule("retry: { budget: { ratio: 0 } }")))
                    .isEqualTo("p.yaml:5:22: rules[0].retry.budget: ratio 0 and minPerSecond 0 allow no retry at all;"
                            + " write `retry: off`, or allow some retries");
        }

        @Test
        void rejectsANegativeMinPerSecond() {
            assertThat(onlyError(rule("retry: { budget: { ratio: 20%, minPerSecond: -1 } }")))
                    .isEqualTo("p.yaml:5:50: rules[0].retry.budget.minPerSecond: expected an integer >= 0, got -1");
        }

        @Test
        void suggestsTheKeyForACaseSlip() {
            assertThat(onlyError(rule("retry: { maxattempts: 3 }")))
                    .isEqualTo("p.yaml:5:14: rules[0].retry.maxattempts: unknown key; did you mean `maxAttempts`?");
        }

        @Test
        void listsTheKnownKeysWhenNothingIsClose() {
            assertThat(onlyError(rule("retry: { backoffStrategy: exponential }")))
                    .isEqualTo("p.yaml:5:14: rules[0].retry.backoffStrategy: unknown key; the keys of retry are"
                            + " maxAttempts, delay, multiplier, maxDelay, jitter, retryOn, abortOn, budget, onStatus");
        }

        @Test
        void rejectsAListWhereAMappingIsNeeded() {
            assertThat(onlyError(rule("retry: [3]")))
                    .isEqualTo("p.yaml:5:12: rules[0].retry: expected a mapping such as { maxAttempts: 4, delay: 1s },"
                            + " or `off`, got a list");
        }

        @Test
        void rejectsFalseInsteadOfOff() {
            assertThat(onlyError(rule("retry: false"))).endsWith("or `off`, got false");
        }
    }

    @Nested
    class Durations {
        @Test
        void rejectsABareNumberAndSuggestsUnits() {
            assertThat(onlyError(rule("retry: { delay: 500 }")))
                    .isEqualTo("p.yaml:5:21: rules[0].retry.delay: expected a duration such as 250ms, 10s, 2m or 1h,"
                            + " got 500; a bare number has no unit: write 500s or 500ms");
        }

        @Test
        void rejectsAnUnknownUnit() {
            assertThat(onlyError(rule("retry: { delay: 2d }")))
                    .isEqualTo("p.yaml:5:21: rules[0].retry.delay: expected a duration such as 250ms, 10s, 2m or 1h,"
                            + " got \"2d\"");
        }

        @Test
        void rejectsZero() {
            assertThat(onlyError(rule("circuitBreaker: { openDuration: 0ms }")))
                    .isEqualTo("p.yaml:5:37: rules[0].circuitBreaker.openDuration: expected a duration > 0"
                            + " (such as 250ms), got \"0ms\"");
        }

        @Test
        void rejectsMoreThanADay() {
            assertThat(onlyError(rule("timeout: 1000h")))
                    .isEqualTo("p.yaml:5:14: rules[0].timeout: expected a duration of at most 24h, got \"1000h\"");
        }

        @Test
        void acceptsDecimals() {
            assertThat(onlyRule(rule("retry: { delay: 1.5s }")).retry().delay()).isEqualTo(Duration.ofMillis(1500));
        }
    }

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

    @Nested
    class Fallback {
        @Test
        void readsEveryKindOfValue() {
            assertThat(onlyRule(rule("fallback: { value: null }")).fallback().value()).isNull();
            assertThat(onlyRule(rule("fallback: { value: \"n/a\" }")).fallback().value()).isEqualTo("n/a");
            assertThat(onlyRule(rule("fallback: { value: 42 }")).fallback().value()).isEqualTo(42L);
            assertThat(onlyRule(rule("fallback: { value: 0.5 }")).fallback().value()).isEqualTo(0.5);
            assertThat(onlyRule(rule("fallback: { value: false }")).fallback().value()).isEqualTo(false);
            assertThat(onlyRule(rule("fallback: { value: [] }")).fallback().value()).isEqualTo(List.of());
            assertThat(onlyRule(rule("fallback: { value: {} }")).fallback().value()).isEqualTo(java.util.Map.of());
        }

        @Test
        void readsAMethodReference() {
            FallbackSettings fallback = onlyRule(rule("fallback: { method: com.example.Fallbacks#empty }")).fallback();
            assertThat(fallback.kind()).isEqualTo(FallbackSettings.Kind.METHOD);
            assertThat(fallback.method()).isEqualTo("com.example.Fallbacks#empty");
            assertThat(fallback.position()).isEqualTo(new Position(5, 15));
        }

        @Test
        void rejectsANonEmptyList() {
            assertThat(onlyError(rule("fallback: { value: [1] }")))
                    .isEqualTo("p.yaml:5:24: rules[0].fallback.value: expected null, a string, a number, true/false,"
                            + " [] or {} (only an empty list or map), got a list");
        }

        @Test
        void rejectsBothValueAndMethod() {
            assertThat(onlyError(rule("fallback: { value: 1, method: a.B#c }")))
                    .isEqualTo("p.yaml:5:27: rules[0].fallback: give either `value` or `method`, not both");
        }

        @Test
        void rejectsNeitherValueNorMethod() {
            assertThat(onlyError(rule("fallback: {}")))
                    .isEqualTo("p.yaml:5:15: rules[0].fallback: needs `value` (returned as is) or `method`"
                            + " (a static method com.example.Fallbacks#name)");
        }

        @Test
        void rejectsAMethodWithoutClass() {
            assertThat(onlyError(rule("fallback: { method: transcriptUnavailable }")))
                    .isEqualTo("p.yaml:5:25: rules[0].fallback.method: expected a static method as"
                            + " binary.ClassName#methodName, such as com.example.Fallbacks#transcriptUnavailable,"
                            + " got \"transcriptUnavailable\"");
        }
    }

    @Nested
    class OnFailure {
        @Test
        void acceptsAJdkExceptionWithAStringAndSubtypedCauseConstructor() {
            Rule.OnFailure onFailure = onlyRule(rule("onFailure: { exception: java.io.UncheckedIOException }")).onFailure();
            assertThat(onFailure.exceptionClass()).isEqualTo("java.io.UncheckedIOException");
            assertThat(onFailure.position()).isEqualTo(new Position(5, 29));
        }

        @Test
        void acceptsAnApplicationClassItCannotLoadYet() {
            assertThat(onlyRule(rule("onFailure: { exception: com.example.ServiceDown }")).onFailure().exceptionClass())
                    .isEqualTo("com.example.ServiceDown");
        }

        @Test
        void aJavaNameTheJdkLacksIsAnErrorWithASuggestion() {
            assertThat(onlyError(rule("onFailure: { exception: java.io.UncheckedIOExcepton }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: there is no class java.io.UncheckedIOExcepton in the"
                            + " JDK (and only the JDK defines java.* classes); did you mean java.io.UncheckedIOException?");
            assertThat(onlyError(rule("retry: { retryOn: [java.io.IOExeption] }")))
                    .isEqualTo("p.yaml:5:24: rules[0].retry.retryOn[0]: there is no class java.io.IOExeption in the JDK"
                            + " (and only the JDK defines java.* classes); did you mean java.io.IOException?");
            assertThat(onlyError(rule("circuitBreaker: { ignoreOn: [java.lang.String] }")))
                    .isEqualTo("p.yaml:5:34: rules[0].circuitBreaker.ignoreOn[0]: java.lang.String is not an exception (it does"
                            + " not extend java.lang.Throwable)");
            // an application's class, or one of javax.*, can only be checked on a class path: explain does
            assertThat(onlyRule(rule("retry: { abortOn: [com.example.NotFound, javax.net.ssl.SSLException] }")).retry().abortOn())
                    .containsExactly("com.example.NotFound", "javax.net.ssl.SSLException");
        }

        @Test
        void rejectsAClassThatIsNotAnException() {
            assertThat(onlyError(rule("onFailure: { exception: java.lang.StringBuilder }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: java.lang.StringBuilder is not an"
                            + " exception (it does not extend java.lang.Throwable); name an exception class such as"
                            + " java.io.UncheckedIOException");
        }

        @Test
        void rejectsAnExceptionWithoutAMessageConstructor() {
            assertThat(onlyError(rule("onFailure: { exception: java.util.EmptyStackException }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: java.util.EmptyStackException has no public"
                            + " (String) or (String, Throwable) constructor, so the agent cannot create it with a"
                            + " message; name an exception class that has one");
        }

        @Test
        void rejectsAnAbstractException() {
            assertThat(onlyError(rule("onFailure: { exception: java.lang.VirtualMachineError }")))
                    .isEqualTo("p.yaml:5:29: rules[0].onFailure.exception: java.lang.VirtualMachineError cannot be"
                            + " instantiated (it is abstract or not public); name a concrete public subclass");
        }

        @Test
        void rejectsAMissingException() {
            assertThat(onlyError(rule("onFailure: {}")))
                    .isEqualTo("p.yaml:5:16: rules[0].onFailure: needs `exception`, the class to throw, such as"
                            + " java.io.UncheckedIOException");
        }
    }

    @Nested
    class Collecting {
        @Test
        void reportsEveryProblemAtOnceSortedByPosition() {
            String yaml = """
                    version: 1
                    rules:
                      - name: b
                        match: { class: com.example.B }
                        timeout: 5
                      - name: A
                        match: { clas: com.example.A }
                        retry: { maxAttempts: 0 }
                    """;
            assertThat(errors(yaml)).containsExactly(
                    "p.yaml:5:14: rules[0].timeout: expected a duration such as 30s, a mapping such as"
                            + " { duration: 30s, mode: interrupt }, or `off`, got 5; a bare number has no unit: write 5s or 5ms",
                    "p.yaml:6:11: rules[1].name: expected a name of lower case letters, digits, - and _ that starts"
                            + " with a letter or digit, such as ollama or blob-store, got \"A\"",
                    "p.yaml:7:12: rules[1].match: needs one of class, subtypeOf or annotatedWith, such as"
                            + " `class: com.example.OllamaClient`",
                    "p.yaml:7:14: rules[1].match.clas: unknown key; did you mean `class`?",
                    "p.yaml:8:27: rules[1].retry.maxAttempts: expected an integer >= 1, got 0");
        }

        @Test
        void suggestsTheRuleKeyForATypo() {
            assertThat(onlyError(rule("circuitBreakr: off")))
                    .isEqualTo("p.yaml:5:5: rules[0].circuitBreakr: unknown key; did you mean `circuitBreaker`?");
        }
    }
}
