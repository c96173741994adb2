package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.HEAD;
import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per kind of error in a retry section and in durations, each asserting line and column. */
class RetryValidationTest {

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
        void aWholeNumberJitterGetsThePercentageHint() {
            assertThat(onlyError(rule("retry: { jitter: 50 }")))
                    .isEqualTo("p.yaml:5:22: rules[0].retry.jitter: expected a percentage such as 50% or a fraction"
                            + " in [0, 1] such as 0.5, got 50; did you mean 50%?");
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

        /** Fuzz audit: int or boolean passed as class names that could never match. */
        @Test
        void rejectsAPrimitiveTypeOrLiteralAsAClassName() {
            assertThat(onlyError(rule("retry: { retryOn: [int] }")))
                    .isEqualTo("p.yaml:5:24: rules[0].retry.retryOn[0]: expected a binary class name such as"
                            + " java.io.IOException or com.example.Outer$Inner, got \"int\" (int is a word of the Java"
                            + " language, not a class: write the exception's or class's full name)");
            assertThat(onlyError(rule("circuitBreaker: { ignoreOn: [void] }"))).contains("ignoreOn[0]")
                    .contains("(void is a word of the Java language");
            assertThat(onlyError(rule("onFailure: { exception: boolean }"))).contains("onFailure.exception")
                    .contains("(boolean is a word of the Java language");
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ class: int }"))).contains("match.class")
                    .contains("(int is a word of the Java language");
        }

        /** Review: binary names allow reserved words, and real classes have them (commons-lang 2, Scala, Kotlin packages). */
        @Test
        void acceptsReservedWordsInsideALongerName() {
            assertThat(onlyRule(rule("retry: { retryOn: [com.acme.native.NativeFailure, com.example.record.Failed] }")).name())
                    .isEqualTo("a");
            assertThat(onlyRule(HEAD.replace("{ class: com.example.A }", "{ subtypeOf: org.apache.commons.lang.enum.Enum }"))
                    .name()).isEqualTo("a");
            assertThat(onlyRule(HEAD.replace("{ class: com.example.A }", "{ annotatedWith: scala.annotation.switch }"))
                    .name()).isEqualTo("a");
            assertThat(onlyRule(HEAD.replace("{ class: com.example.A }", "{ class: \"org.apache.commons.lang.enum.*\" }"))
                    .name()).isEqualTo("a");
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
        void rejectsMoreThanAYear() {
            assertThat(onlyError(rule("timeout: 10000h")))
                    .isEqualTo("p.yaml:5:14: rules[0].timeout: expected a duration of at most 8760h (a year), got \"10000h\"");
        }

        /** Audit: the contract asks only for durations > 0, and a breaker may stay open for days. */
        @Test
        void acceptsDaysLongDurations() {
            assertThat(onlyRule(rule("circuitBreaker: { openDuration: 48h }")).circuitBreaker().openDuration())
                    .isEqualTo(java.time.Duration.ofHours(48));
            assertThat(onlyRule(rule("timeout: 8760h")).timeout().duration()).isEqualTo(java.time.Duration.ofDays(365));
        }

        @Test
        void acceptsDecimals() {
            assertThat(onlyRule(rule("retry: { delay: 1.5s }")).retry().delay()).isEqualTo(Duration.ofMillis(1500));
        }
    }

    /**
     * Audit: a 900,000-digit number took seconds to parse (the square of its digits) and its whole
     * text was repeated in the message. It is too large without being parsed, and shown shortened.
     */
    @Nested
    class HugeNumbers {
        private final String digits = "9".repeat(200_000);

        @Test
        void aHugeIntegerIsOutOfRangeAndShownShortened() {
            assertThat(onlyError(rule("retry: { maxAttempts: " + digits + " }")))
                    .contains("retry.maxAttempts: expected an integer from 1 to 2147483647, got 999")
                    .endsWith("...").hasSizeLessThan(300);
        }

        @Test
        void aHugeDurationIsTooLongAndShownShortened() {
            assertThat(onlyError(rule("timeout: " + digits + "ms"))).contains("timeout").hasSizeLessThan(300);
        }
    }
}
