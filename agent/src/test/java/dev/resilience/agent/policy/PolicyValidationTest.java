package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.HEAD;
import static dev.resilience.agent.policy.PolicyTexts.errors;
import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static dev.resilience.agent.policy.PolicyTexts.onlyRule;
import static dev.resilience.agent.policy.PolicyTexts.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per kind of error in the policy's shape (version, rules, defaults, names, match, mode), each asserting line and column; grouped by key. The patterns' own keys are checked in {@link RetryValidationTest}, {@link PatternValidationTest} and {@link FailureValidationTest}. */
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

        /** Regression (audit): the duplicate was only reported once the names' case was fixed. */
        @Test
        void reportsADuplicateOfAnInvalidNameToo() {
            assertThat(errors(HEAD.replace("name: a", "name: A") + "  - name: A\n    match: { class: com.example.B }\n"))
                    .containsExactly(
                            "p.yaml:3:11: rules[0].name: expected a name of lower case letters, digits, - and _ that starts"
                                    + " with a letter or digit, such as ollama or blob-store, got \"A\"",
                            "p.yaml:5:11: rules[1].name: expected a name of lower case letters, digits, - and _ that starts"
                                    + " with a letter or digit, such as ollama or blob-store, got \"A\"",
                            "p.yaml:5:11: rules[1].name: duplicate rule name `A` (first used at 3:11);"
                                    + " names must be unique, they tag the metrics");
        }

        @Test
        void acceptsDigitsDashesAndUnderscores() {
            assertThat(onlyRule(HEAD.replace("name: a", "name: 3rd-party_api")).name()).isEqualTo("3rd-party_api");
        }
    }

    /**
     * A value wrong in an aliased mapping is reported where it is written, the anchor, once for each rule that
     * takes it; a rule's match taken by an alias is placed at the alias, where overlaps with other rules are reported.
     */

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

        /** Fuzz audit: the space was dropped and "write com.example.foobar" suggested, a type nobody wrote. */
        @Test
        void rejectsASpaceInsideATypeNameAsTwoNames() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ class: a.B, methods: [\"get(foo bar)\"] }")))
                    .contains("rules[0].match.methods[0]: expected parameter types without spaces inside a name,"
                            + " separated by commas, such as upload(java.lang.String,byte[]) (\"foo bar\" is two names)");
            assertThat(onlyRule(HEAD.replace("{ class: com.example.A }",
                    "{ class: a.B, methods: [\"put( java.lang.String , byte [] )\"] }")).match().methods()).hasSize(1);
        }

        @Test
        void rejectsVoidAsAParameterAndSaysHowToWriteNoParameters() {
            assertThat(onlyError(HEAD.replace("{ class: com.example.A }", "{ class: a.B, methods: [\"get(void)\"] }")))
                    .contains("rules[0].match.methods[0]: expected parameter types, and void is none: write get() for a"
                            + " method without parameters");
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
