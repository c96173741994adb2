package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {

    @Nested
    class Durations {
        @Test
        void parsesEveryUnitAndDecimals() {
            assertThat(DurationFormat.parse("250ms")).contains(Duration.ofMillis(250));
            assertThat(DurationFormat.parse("10s")).contains(Duration.ofSeconds(10));
            assertThat(DurationFormat.parse("2m")).contains(Duration.ofMinutes(2));
            assertThat(DurationFormat.parse("1h")).contains(Duration.ofHours(1));
            assertThat(DurationFormat.parse("0.5ms")).contains(Duration.ofNanos(500_000));
        }

        @Test
        void refusesBareNumbersSpacesAndSigns() {
            assertThat(DurationFormat.parse("10")).isEmpty();
            assertThat(DurationFormat.parse("10 s")).isEmpty();
            assertThat(DurationFormat.parse("-1s")).isEmpty();
            assertThat(DurationFormat.parse(".5s")).isEmpty();
        }

        @Test
        void formatsInTheLargestExactUnit() {
            assertThat(DurationFormat.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
            assertThat(DurationFormat.format(Duration.ofSeconds(90))).isEqualTo("90s");
            assertThat(DurationFormat.format(Duration.ofMinutes(120))).isEqualTo("2h");
            assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0ms");
            assertThat(DurationFormat.format(Duration.ofNanos(500_000))).isEqualTo("0.5ms");
        }
    }

    /**
     * The policy's number, duration and rule-name syntax is checked by hand, not with regular
     * expressions (compiling the first costs a JVM 10-20 ms in premain): on random text, each
     * check agrees with the expression the syntax is defined by.
     */
    @Nested
    class SyntaxWithoutRegularExpressions {
        private static final String ALPHABET = "0123456789.%msh-_aZ+ 9";

        @Test
        void agreeWithTheirRegularExpressionsOnRandomText() {
            java.util.Random random = new java.util.Random(5);
            java.util.regex.Pattern decimal = java.util.regex.Pattern.compile("\\d+(?:\\.\\d+)?");
            java.util.regex.Pattern duration = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
            java.util.regex.Pattern ruleName = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]*");
            int decimals = 0;
            int durations = 0;
            int names = 0;
            for (int i = 0; i < 200_000; i++) {
                StringBuilder text = new StringBuilder();
                for (int k = random.nextInt(7); k > 0; k--) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                String t = text.toString();
                boolean isDecimal = decimal.matcher(t).matches();
                boolean isDuration = duration.matcher(t).matches();
                boolean isName = ruleName.matcher(t).matches();
                assertThat(NumberFormat.isDecimal(t)).as("decimal %s", t).isEqualTo(isDecimal);
                assertThat(DurationFormat.parse(t).isPresent()).as("duration %s", t).isEqualTo(isDuration);
                assertThat(PolicyReader.isRuleName(t)).as("rule name %s", t).isEqualTo(isName);
                decimals += isDecimal ? 1 : 0;
                durations += isDuration ? 1 : 0;
                names += isName ? 1 : 0;
            }
            // the random text hit every syntax often, not only its failures
            assertThat(decimals).isGreaterThan(1_000);
            assertThat(durations).isGreaterThan(1_000);
            assertThat(names).isGreaterThan(1_000);
        }
    }

    @Nested
    class Suggestions {
        @Test
        void prefersACaseInsensitiveMatch() {
            assertThat(DidYouMean.closest("MAXDELAY", List.of("delay", "maxDelay"))).contains("maxDelay");
        }

        @Test
        void suggestsWithinTwoEditsOnly() {
            assertThat(DidYouMean.closest("retyr", List.of("retry", "timeout"))).contains("retry");
            assertThat(DidYouMean.closest("backoff", List.of("retry", "timeout"))).isEmpty();
        }

        /** Review: `method: generate` in a rule was told to move under `fallback:`, making a fallback of the protected method. */
        @Test
        void aMethodBesideMatchIsItsMethodsUnlessItNamesAFallback() {
            String policy = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A }\n    %s\n";
            assertThat(PolicyTexts.errors(policy.formatted("method: generate"))).singleElement().asString()
                    .endsWith("rules[0].method: unknown key; did you mean `methods` under `match:` (a list: `methods: [name]`)?"
                            + " A fallback method, written Class#method, goes under `fallback:`");
            assertThat(PolicyTexts.errors(policy.formatted("method: com.example.Fallbacks#generate"))).singleElement()
                    .asString().endsWith("rules[0].method: unknown key; `method` belongs one level down: move it under `fallback:`");
        }

        /** Review: Spring's `backoff` block got "did you mean `delay`?", which leaves a mapping where a duration goes. */
        @Test
        void aBlockOfTheSectionsOwnKeysIsToldToLoseItsName() {
            String policy = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A }\n    %s\n";
            assertThat(PolicyTexts.errors(policy.formatted("retry: { backoff: { delay: 1s, multiplier: 2 } }")))
                    .singleElement().asString().endsWith("rules[0].retry.backoff: unknown key; `backoff` is not a section:"
                            + " write `delay`, `multiplier` directly under `retry:`, without `backoff:`");
            assertThat(PolicyTexts.errors(policy.formatted("protection: { retry: off, timeout: 2s }")))
                    .singleElement().asString().endsWith("rules[0].protection: unknown key; `protection` is not a section:"
                            + " write `retry`, `timeout` directly under the rule, without `protection:`");
            // a scalar, or a block holding a key the section does not know, keeps the usual suggestion
            assertThat(PolicyTexts.errors(policy.formatted("retry: { backoff: 1s }"))).singleElement().asString()
                    .endsWith("rules[0].retry.backoff: unknown key; did you mean `delay`?");
            assertThat(PolicyTexts.errors(policy.formatted("retry: { backoff: { delay: 1s, factor: 2 } }")))
                    .singleElement().asString().endsWith("rules[0].retry.backoff: unknown key; did you mean `delay`?");
        }

        /** Audit: `retries`, `breaker`, `minCalls` and `window` got no suggestion, only the section's key list. */
        @Test
        void suggestsTheKeyOtherLibrariesNamesStandFor() {
            String policy = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A }\n    %s\n";
            assertThat(PolicyTexts.errors(policy.formatted("breaker: off"))).singleElement().asString()
                    .endsWith("rules[0].breaker: unknown key; did you mean `circuitBreaker`?");
            assertThat(PolicyTexts.errors(policy.formatted("retries: 3"))).singleElement().asString()
                    .endsWith("rules[0].retries: unknown key; did you mean `maxAttempts` under `retry:`?"
                            + " It counts the first attempt too: 3 retries are maxAttempts: 4");
            assertThat(PolicyTexts.errors(policy.formatted("retry: { retries: 4, backoffMultiplier: 2, maxDelayMs: 100 }")))
                    .extracting(e -> e.substring(e.indexOf("rules[0]"))).containsExactly(
                            "rules[0].retry.retries: unknown key; did you mean `maxAttempts`?"
                                    + " It counts the first attempt too: 3 retries are maxAttempts: 4",
                            "rules[0].retry.backoffMultiplier: unknown key; did you mean `multiplier`?",
                            "rules[0].retry.maxDelayMs: unknown key; did you mean `maxDelay`?");
            assertThat(PolicyTexts.errors(policy.formatted(
                    "circuitBreaker: { minCalls: 5, window: 10, waitDurationInOpenState: 30s, threshold: 5 }")))
                    .extracting(e -> e.substring(e.indexOf("rules[0]"))).containsExactly(
                            "rules[0].circuitBreaker.minCalls: unknown key; did you mean `minimumCalls`?",
                            "rules[0].circuitBreaker.window: unknown key; did you mean `slidingWindowSize`?",
                            "rules[0].circuitBreaker.waitDurationInOpenState: unknown key; did you mean `openDuration`?",
                            "rules[0].circuitBreaker.threshold: unknown key; did you mean `failureThreshold`?");
        }

        /**
         * Review: the longest key a written one held was suggested whatever surrounded it, and edit
         * distance came first: `maxRetryDelay` got `delay`, `noRetryOn` its opposite `retryOn`,
         * `subclassOf` got `class`, `excludeMethods` got `methods`.
         */
        @Test
        void namesThatMeanAnotherKeyGetThatKeyNotTheOneTheyHold() {
            String policy = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A%s }\n%s";
            assertThat(PolicyTexts.errors(policy.formatted(
                    ", excludeMethods: [x], subclassOf: com.example.B, classAnnotation: com.example.C", "")))
                    .extracting(e -> e.substring(e.indexOf("rules[0]"))).containsExactly(
                            "rules[0].match.excludeMethods: unknown key; did you mean `exclude`?",
                            "rules[0].match.subclassOf: unknown key; did you mean `subtypeOf`?",
                            "rules[0].match.classAnnotation: unknown key; did you mean `annotatedWith`?");
            assertThat(PolicyTexts.errors(policy.formatted("",
                    "    retry: { maxRetryDelay: 1s, backoffDelayMax: 1s, noRetryOn: [x], doNotRetryOn: [x] }\n")))
                    .extracting(e -> e.substring(e.indexOf("rules[0]"))).containsExactly(
                            "rules[0].retry.maxRetryDelay: unknown key; did you mean `maxDelay`?",
                            "rules[0].retry.backoffDelayMax: unknown key; did you mean `maxDelay`?",
                            "rules[0].retry.noRetryOn: unknown key; did you mean `abortOn`?",
                            "rules[0].retry.doNotRetryOn: unknown key; did you mean `abortOn`?");
        }

        /** A key written beside its section rather than in it was offered the section's name to rename it to. */
        @Test
        void aKeyOneLevelTooHighIsToldWhereItGoes() {
            String policy = "version: 1\n%srules:\n  - name: a\n    match: { class: com.example.A }\n%s";
            assertThat(PolicyTexts.errors(policy.formatted("", "    retryOn: [java.io.IOException]\n    duration: 2s\n"
                    + "    retry: { ratio: 0.1 }\n")))
                    .extracting(e -> e.substring(e.indexOf("rules[0]"))).containsExactly(
                            "rules[0].retryOn: unknown key; `retryOn` belongs one level down: move it under `retry:`",
                            "rules[0].duration: unknown key; `duration` belongs one level down: move it under `timeout:`",
                            "rules[0].retry.ratio: unknown key; `ratio` belongs one level down: move it under `budget:`");
            assertThat(PolicyTexts.errors(policy.formatted("", "    retry.maxAttempts: 3\n"))).singleElement().asString()
                    .endsWith("rules[0].retry.maxAttempts: unknown key; YAML does not nest keys written with dots:"
                            + " write `retry:` and, indented under it, `maxAttempts:`");
            assertThat(PolicyTexts.errors(policy.formatted("retry: off\n", ""))).singleElement().asString().endsWith(
                    "retry: unknown key; `retry` belongs one level down: move it under `defaults:` or each rule of `rules:`");
        }

        /**
         * Review: spelling suggested opposites and units where they change the meaning: `include` got
         * `exclude`, `minDelay` `maxDelay`, `budget.maxPerSecond` `minPerSecond`, and a window in
         * seconds the window that counts calls.
         */
        @Test
        void oppositesAndUnitsThatChangeTheMeaningAreNotSuggested() {
            String policy = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A%s }\n%s";
            assertThat(PolicyTexts.errors(policy.formatted(", include: [get]",
                    "    retry: { minDelay: 1s, budget: { maxPerSecond: 5 } }\n"
                            + "    circuitBreaker: { failureRateThreshold: 50%, slidingWindowSizeSeconds: 60, openDurationMs: 5 }\n")))
                    .extracting(e -> e.substring(e.indexOf("rules[0]"))).containsExactly(
                            "rules[0].match.include: unknown key; did you mean `methods`?",
                            "rules[0].retry.minDelay: unknown key; did you mean `delay`?",
                            "rules[0].retry.budget.maxPerSecond: unknown key; the keys of budget are ratio, minPerSecond",
                            "rules[0].circuitBreaker.slidingWindowSizeSeconds: unknown key; the keys of circuitBreaker are"
                                    + " failureThreshold, failureRateThreshold, slidingWindowSize, minimumCalls, slowCallDuration,"
                                    + " slowCallRateThreshold, openDuration, halfOpenCalls, ignoreOn, scope",
                            "rules[0].circuitBreaker.openDurationMs: unknown key; did you mean `openDuration`?");
            assertThat(DidYouMean.forKey("minWait", List.of("maxConcurrent", "maxWait"))).isEmpty();
            assertThat(DidYouMean.forKey("failureThresholdMs", List.of("failureThreshold", "openDuration"))).isEmpty();
        }

        /** Review: a dotted key whose head takes a value, not keys, was told to nest under it. */
        @Test
        void aDottedKeyIsToldToNestOnlyWhenItNamesASectionAndOneOfItsKeys() {
            String policy = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A }\n%s";
            assertThat(PolicyTexts.errors(policy.formatted("    timeout: { mode.interrupt: true }\n")))
                    .singleElement().asString().doesNotContain("nest").contains("the keys of timeout are");
            assertThat(PolicyTexts.errors(policy.formatted("    retry: { retry: { maxAttempts: 2 } }\n")))
                    .singleElement().asString().endsWith("rules[0].retry.retry: unknown key; `retry` is this section's own"
                            + " name: write its keys directly under the first `retry:`");
        }

        @Test
        void aKeyHeldWithMoreThanAUnitAroundItGetsNoSuggestion() {
            List<String> retryKeys = List.of("maxAttempts", "delay", "multiplier", "maxDelay", "retryOn", "abortOn", "onStatus");
            assertThat(DidYouMean.forKey("abortOnStatus", retryKeys)).as("neither abortOn nor onStatus").isEmpty();
            assertThat(DidYouMean.forKey("retryDelayCap", retryKeys)).isEmpty();
            List<String> ruleKeys = List.of("name", "match", "retry", "timeout", "circuitBreaker", "fallback");
            assertThat(DidYouMean.forKey("retryTimeout", ruleKeys)).as("two keys, neither with noise only").isEmpty();
            assertThat(DidYouMean.forKey("retryPolicy", ruleKeys)).contains("retry");
            assertThat(DidYouMean.forKey("circuitBreakerConfig", ruleKeys)).contains("circuitBreaker");
            assertThat(DidYouMean.forKey("valueMethod", List.of("value", "method"))).isEmpty();
        }

        @Test
        void noFamiliarNameOrPartThatFitsLeavesTheKeyList() {
            assertThat(DidYouMean.familiar("backoff", List.of("retry", "timeout"))).isEmpty();
            assertThat(DidYouMean.familiar("Threshold", List.of("failureThreshold", "failureRateThreshold")))
                    .contains("failureThreshold");
            assertThat(DidYouMean.familiar("rate", List.of("failureRateThreshold", "slowCallRateThreshold"))).isEmpty();
            assertThat(DidYouMean.familiar("Call", List.of("minimumCalls"))).as("too short a part").isEmpty();
        }

        /** Audit: a non-breaking space pasted as indentation read as an invisible "    match: unknown key". */
        @Test
        void aKeyHoldingANonBreakingSpaceIsShownAndNamed() {
            String pasted = "version: 1\nrules:\n  - name: a\n\u00a0   match: { class: com.example.A }\n";

            assertThat(PolicyTexts.errors(pasted)).contains("p.yaml:4:1: \\u00A0   match: unknown key; it holds U+00A0,"
                    + " a space or invisible character YAML does not take for indentation or a separator: delete it, or type a plain space where one was meant");
            String zeroWidth = "version: 1\nrules:\n  - name: a\n    match: { class: com.example.A }\n    retry\u200b: off\n";
            assertThat(PolicyTexts.errors(zeroWidth)).singleElement().asString().contains("retry\\u200B: unknown key; it holds U+200B");
        }
    }

    @Nested
    class LoadingFiles {
        @TempDir
        Path dir;

        @Test
        void refusesAFileOverOneMegabyteWithoutReadingIt() throws IOException {
            Path big = dir.resolve("big.yaml");
            Files.write(big, new byte[(int) PolicyLoader.MAX_FILE_BYTES + 1]);
            LoadResult result = PolicyLoader.load(big, "big.yaml");
            assertThat(result.ok()).isFalse();
            assertThat(result.errors()).extracting(PolicyError::toString).containsExactly(
                    "big.yaml:1:1: the file has 1048577 bytes; a policy may have at most 1048576 (1 MB); is this the right file?");
        }

        @Test
        void refusesAFileThatIsNotUtf8() throws IOException {
            Path latin1 = dir.resolve("latin1.yaml");
            Files.write(latin1, new byte[] {'v', ':', ' ', (byte) 0xE9, '\n'});
            assertThat(PolicyLoader.load(latin1, "latin1.yaml").errors()).extracting(PolicyError::toString)
                    .containsExactly("latin1.yaml:1:4: cannot read: the file is not UTF-8 text (the byte 0xE9 here);"
                            + " save it as UTF-8");
        }

        /** Review: the byte order mark was counted as a column, where the YAML reader's own positions do not count it. */
        @Test
        void aByteOrderMarkIsNotAColumn() throws IOException {
            Path bom = dir.resolve("bom.yaml");
            Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'v', ':', ' ', (byte) 0xE9, '\n'});
            assertThat(PolicyLoader.load(bom, "bom.yaml").errors()).extracting(PolicyError::toString)
                    .containsExactly("bom.yaml:1:4: cannot read: the file is not UTF-8 text (the byte 0xE9 here);"
                            + " save it as UTF-8");
        }

        /** Audit: always reported at 1:1, wherever the byte was. */
        @Test
        void pointsAtTheFirstByteThatIsNotUtf8() throws IOException {
            Path mixed = dir.resolve("mixed.yaml");
            // line 3 starts after a CR LF and a lone CR; "né" is three bytes and two characters
            Files.write(mixed, "version: 1\r\n# né\r  - name: caf".getBytes(StandardCharsets.UTF_8));
            Files.write(mixed, new byte[] {(byte) 0xE9, '\n'}, java.nio.file.StandardOpenOption.APPEND);
            assertThat(PolicyLoader.load(mixed, "mixed.yaml").errors()).extracting(PolicyError::toString)
                    .containsExactly("mixed.yaml:3:14: cannot read: the file is not UTF-8 text (the byte 0xE9 here);"
                            + " save it as UTF-8");
        }

        @Test
        void printsPositionedErrorsAsFileLineColumnMessage() {
            assertThat(new PolicyError("p.yaml", 3, 7, "boom")).hasToString("p.yaml:3:7: boom");
        }
    }
}
