package dev.resilience.agent.matching;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overlaps {@code validate} reports without a class path: only those certain from the text.
 * Rule `first` is at lines 3-4, rule `second` at lines 5-6 (its match at 6:12).
 */
class TextOverlapsTest {
    private static final String ONE_RULE = "; a method may belong to one rule only (at run time the first rule in the"
            + " file that matches it applies, and the agent logs a warning). ";

    /** The message for two rules that both name {@code methods} ("method get") of {@code classes}. */
    private static String bothName(String methods, String classes, String exclude) {
        return "p.yaml:6:12: rules[1].match: rules first and second both name " + methods + " of " + classes + ONE_RULE
                + "Add exclude: " + exclude + " to one of them, or narrow its match";
    }

    private static String bothTakeTheDefaultMethodsOf(String classes) {
        return "p.yaml:6:12: rules[1].match: rules first and second both take the default methods of " + classes
                + " (every public, non-static declared method except equals, hashCode and toString)" + ONE_RULE
                + "Give them methods lists that do not overlap, or merge them into one rule";
    }

    private static List<String> overlaps(String firstMatch, String secondMatch) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: first\n    match: " + firstMatch
                + "\n  - name: second\n    match: " + secondMatch + "\n", "p.yaml");
        assertThat(result.errors()).as("the loader accepts overlaps: at run time the first rule wins").isEmpty();
        return TextOverlaps.find("p.yaml", result.matches()).stream().map(PolicyError::toString).toList();
    }

    @Nested
    class SameClassesByText {
        @Test
        void sameClassNameWithDefaultMethods() {
            assertThat(overlaps("{ class: com.x.A }", "{ class: com.x.A }"))
                    .containsExactly(bothTakeTheDefaultMethodsOf("class com.x.A"));
        }

        @Test
        void sameGlobText() {
            assertThat(overlaps("{ class: \"com.x.*\", methods: [get] }", "{ class: \"com.x.*\", methods: [get] }"))
                    .containsExactly(bothName("method get", "the classes matching com.x.*", "[get]"));
        }

        @Test
        void aClassNameThatTheOtherRulesGlobMatches() {
            assertThat(overlaps("{ class: \"com.**.*Client\", methods: [get] }", "{ class: com.x.OllamaClient, methods: [get] }"))
                    .containsExactly(bothName("method get", "class com.x.OllamaClient", "[get]"));
        }

        @Test
        void theSameSubtypeOrTheSameAnnotation() {
            assertThat(overlaps("{ subtypeOf: com.x.Store }", "{ subtypeOf: com.x.Store }"))
                    .containsExactly(bothTakeTheDefaultMethodsOf("the subtypes of com.x.Store"));
            assertThat(overlaps("{ annotatedWith: com.x.Resilient, methods: [get] }", "{ annotatedWith: com.x.Resilient, methods: [get] }"))
                    .containsExactly(bothName("method get", "the classes annotated with com.x.Resilient", "[get]"));
        }

        @Test
        void twoDifferentGlobsOrDifferentKindsOfSelectorAreLeftToExplain() {
            assertThat(overlaps("{ class: \"com.x.*\" }", "{ class: \"com.*.A\" }")).isEmpty();
            assertThat(overlaps("{ class: com.x.A }", "{ subtypeOf: com.x.A }")).isEmpty();
            assertThat(overlaps("{ subtypeOf: com.x.A }", "{ annotatedWith: com.x.A }")).isEmpty();
            assertThat(overlaps("{ class: com.x.A }", "{ class: com.x.B }")).isEmpty();
        }
    }

    @Nested
    class NamedMethods {
        @Test
        void aLiteralNameTheOtherRulesGlobMatchesListingEverySharedMethod() {
            assertThat(overlaps("{ class: com.x.A, methods: [\"get*\", put] }", "{ class: com.x.A, methods: [getAll, put, post] }"))
                    .containsExactly(bothName("methods getAll and put", "class com.x.A", "[getAll, put]"));
        }

        @Test
        void pinnedParametersNarrowWhatIsShared() {
            assertThat(overlaps("{ class: com.x.A, methods: [get] }", "{ class: com.x.A, methods: [\"get(java.lang.String)\"] }"))
                    .containsExactly(bothName("method get(java.lang.String)", "class com.x.A", "[\"get(java.lang.String)\"]"));
            assertThat(overlaps("{ class: com.x.A, methods: [\"get(int)\"] }",
                    "{ class: com.x.A, methods: [\"get(java.lang.String)\"] }")).isEmpty();
        }

        @Test
        void twoGlobsAreLeftToExplain() {
            assertThat(overlaps("{ class: com.x.A, methods: [\"get*\"] }", "{ class: com.x.A, methods: [\"*All\"] }")).isEmpty();
        }

        @Test
        void aMethodEitherRuleExcludesIsNotShared() {
            assertThat(overlaps("{ class: com.x.A, methods: [\"get*\"], exclude: [get] }", "{ class: com.x.A, methods: [get] }"))
                    .isEmpty();
            assertThat(overlaps("{ class: com.x.A, methods: [get] }",
                    "{ class: com.x.A, methods: [get], exclude: [\"get(int)\"] }")).isEmpty();
        }
    }

    @Nested
    class DefaultMethods {
        @Test
        void aNamedMethodTheDefaultRuleTakesIfPublicAndNonStatic() {
            assertThat(overlaps("{ class: com.x.A, methods: [fetch] }", "{ class: com.x.A, exclude: [close] }")).containsExactly(
                    "p.yaml:6:12: rules[1].match: rule first names method fetch of class com.x.A, which rule second,"
                            + " having no methods list, takes too if it is public and non-static" + ONE_RULE
                            + "Add exclude: [fetch] to rule second, or narrow one rule's match");
        }

        @Test
        void notWhenTheDefaultRuleExcludesItOrItIsAnObjectMethodOrAGlob() {
            assertThat(overlaps("{ class: com.x.A }", "{ class: com.x.A, methods: [get], exclude: [toString] }")).hasSize(1);
            assertThat(overlaps("{ class: com.x.A, exclude: [\"g*\"] }", "{ class: com.x.A, methods: [get] }")).isEmpty();
            assertThat(overlaps("{ class: com.x.A }", "{ class: com.x.A, methods: [toString, equals, hashCode] }")).isEmpty();
            assertThat(overlaps("{ class: com.x.A }", "{ class: com.x.A, methods: [\"get*\"] }")).isEmpty();
        }

        @Test
        void bothDefaultUnlessTheirExcludesCouldSplitTheClassBetweenThem() {
            assertThat(overlaps("{ class: com.x.A, exclude: [get] }", "{ class: com.x.A, exclude: [get, put] }")).hasSize(1);
            assertThat(overlaps("{ class: com.x.A, exclude: [get] }", "{ class: com.x.A, exclude: [put] }")).isEmpty();
            assertThat(overlaps("{ class: com.x.A }", "{ class: com.x.A, exclude: [\"*\"] }")).isEmpty();
        }
    }

    /** Audit: 17,000 rules naming one method of one class made validate run out of memory, reporting every pair. */
    @Nested
    class HostilePolicies {
        private List<String> errors(int rules, boolean sameMethod) {
            StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
            for (int i = 0; i < rules; i++) {
                yaml.append("  - name: r").append(i).append("\n    match: { class: a.B, methods: [m")
                        .append(sameMethod ? "" : String.valueOf(i)).append("] }\n");
            }
            LoadResult result = PolicyLoader.parse(yaml.toString(), "p.yaml");
            assertThat(result.errors()).isEmpty();
            return TextOverlaps.find("p.yaml", result.matches()).stream().map(PolicyError::toString).toList();
        }

        @Test
        void overlapsAreListedUpToALimitAndTheStopIsSaid() {
            List<String> errors = errors(200, true);

            assertThat(errors).hasSize(TextOverlaps.MAX_REPORTED + 1);
            assertThat(errors.get(0)).startsWith("p.yaml:6:12: rules[1].match: rules r0 and r1 both name method m of class a.B");
            assertThat(errors.get(TextOverlaps.MAX_REPORTED)).contains(TextOverlaps.MAX_REPORTED
                    + " overlaps between rules are listed above; validate stops looking here");
        }

        /**
         * Audit: names were compared with every entry of the other rule's lists, so two rules of 40,000
         * names each took validate a minute. Literal names are now looked up; names against globs are
         * counted, and past a budget the comparison stops and says so.
         */
        @Test
        void namesAgainstGlobsStopAfterABudgetAndSaySo() {
            StringBuilder yaml = new StringBuilder("version: 1\nrules:\n  - name: r\n    match:\n      class: a.B\n"
                    + "      methods:\n");
            for (int i = 0; i < 4_000; i++) {
                yaml.append("        - m").append(i).append('\n');
            }
            yaml.append("  - name: s\n    match:\n      class: a.B\n      exclude:\n");
            for (int i = 0; i < 3_000; i++) {
                yaml.append("        - \"x").append(i).append("*\"\n"); // 4,000 x 3,000 tests: past the budget
            }
            LoadResult result = PolicyLoader.parse(yaml.toString(), "p.yaml");
            assertThat(result.errors()).isEmpty();

            List<String> errors = TextOverlaps.find("p.yaml", result.matches()).stream().map(PolicyError::toString).toList();

            assertThat(errors).singleElement().asString().startsWith("p.yaml:4009:7: rules[1].match: its method lists hold"
                    + " more than validate compares (" + TextOverlaps.MAX_GLOB_TESTS + " tests of a name against a method"
                    + " glob); validate stops comparing them here");
        }

        /** Audit: one message listed all 50,000 names two rules shared, a line of 780 KB. */
        @Test
        void aLongListOfSharedMethodsIsCutToItsFirstNames() {
            StringBuilder yaml = new StringBuilder("version: 1\nrules:\n  - name: r\n    match: { class: a.B, methods: [");
            for (int i = 0; i < 15; i++) {
                yaml.append(i == 0 ? "" : ", ").append('m').append(i);
            }
            yaml.append("] }\n  - name: s\n    match: { class: a.B }\n");
            LoadResult result = PolicyLoader.parse(yaml.toString(), "p.yaml");

            List<String> errors = TextOverlaps.find("p.yaml", result.matches()).stream().map(PolicyError::toString).toList();

            assertThat(errors).singleElement().asString()
                    .contains("rule r names methods m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 5 more of class a.B")
                    .contains("Add exclude: [m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, ... 5 more] to rule s")
                    .doesNotContain("m14");
        }

        @Test
        void comparingMethodsStopsAfterALimitAndSaysSo() {
            List<String> errors = errors(1_500, false);   // 1,124,250 pairs on one class, none sharing a method

            assertThat(errors).singleElement().asString().contains("more than " + TextOverlaps.MAX_COMPARED_PAIRS
                    + " pairs of rules select the same classes; validate stops comparing their methods here");
        }
    }
}
