package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.errors;
import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where problems that YAML aliases make are reported: a duplicate rule name or an overlapping match
 * an alias creates at the alias (naming its anchor), a wrong value inside an aliased mapping where it
 * is written.
 */
class AliasPositionsTest {

    /** Regression: a rule repeated by an alias was reported at the anchor, the first rule's own name. */
    @Test
    void reportsARuleRepeatedByAnAliasAtTheAlias() {
        assertThat(onlyError("""
                version: 1
                rules:
                  - &r { name: a, match: { class: com.example.A } }
                  - name: b
                    match: { class: com.example.B }
                  - *r
                """)).isEqualTo("p.yaml:6:5: rules[2].name: duplicate rule name `a` (first used at 3:16; repeated here"
                + " by the alias *r of the anchor at 3:5); names must be unique, they tag the metrics");
    }

    @Test
    void reportsANameRepeatedByAnAliasAtTheAlias() {
        assertThat(onlyError("""
                version: 1
                rules:
                  - name: &n a
                    match: { class: com.example.A }
                  - name: *n
                    match: { class: com.example.B }
                """)).isEqualTo("p.yaml:5:11: rules[1].name: duplicate rule name `a` (first used at 3:11; repeated here"
                + " by the alias *n of the anchor at 3:11); names must be unique, they tag the metrics");
    }

    /** The name a merge key brings in is the merge key's alias's; a name written next to it is where it is written. */
    @Test
    void reportsANameAMergeKeyRepeatsAtItsAlias() {
        assertThat(errors("""
                version: 1
                rules:
                  - &r { name: a, match: { class: com.example.A } }
                  - { <<: [*r], match: { class: com.example.B } }
                  - { <<: *r, name: a, match: { class: com.example.C } }
                """)).containsExactly(
                "p.yaml:4:12: rules[1].name: duplicate rule name `a` (first used at 3:16; repeated here by the alias"
                        + " *r of the anchor at 3:5); names must be unique, they tag the metrics",
                "p.yaml:5:21: rules[2].name: duplicate rule name `a` (first used at 3:16); names must be unique,"
                        + " they tag the metrics");
    }

    /** A rule that repeats another by an alias names it first: the duplicates after it are placed at their aliases. */
    @Test
    void placesTheFirstUseOfANameGivenByAnAliasAtTheAlias() {
        List<String> errors = errors("""
                version: 1
                x: &r { name: a, match: { class: com.example.A } }
                rules:
                  - *r
                  - *r
                """);
        assertThat(errors).containsExactly(
                "p.yaml:2:1: x: unknown key; the keys of the top level are version, defaults, rules",
                "p.yaml:5:5: rules[1].name: duplicate rule name `a` (first used at 4:5; repeated here by the alias *r"
                        + " of the anchor at 2:4); names must be unique, they tag the metrics");
    }

    /** Review: an alias above the rules (`rules: *all`) repeats no rule; each is reported where it is written. */
    @Test
    void reportsRulesOfAnAliasedListWhereTheyAreWritten() {
        assertThat(errors("""
                version: 1
                x: &all
                  - { name: a, match: { class: com.example.A } }
                  - { name: a, match: { class: com.example.B } }
                rules: *all
                """)).containsExactly(
                "p.yaml:2:1: x: unknown key; the keys of the top level are version, defaults, rules",
                "p.yaml:4:13: rules[1].name: duplicate rule name `a` (first used at 3:13); names must be unique,"
                        + " they tag the metrics");
    }

    /** Review: a merge of a rule that itself merges its name was reported at the innermost anchor. */
    @Test
    void reportsANameMergedThroughTwoMergesAtTheOuterAlias() {
        assertThat(errors("""
                version: 1
                base: &base { name: a }
                rules:
                  - &r { <<: *base, match: { class: com.example.A } }
                  - { <<: *r, match: { class: com.example.B } }
                """)).containsExactly(
                "p.yaml:2:1: base: unknown key; the keys of the top level are version, defaults, rules",
                "p.yaml:5:11: rules[1].name: duplicate rule name `a` (first used at 4:14; repeated here by the alias"
                        + " *r of the anchor at 4:5); names must be unique, they tag the metrics");
    }

    /** Review: of a merge list's sources, the one that holds the name is named, not the first. */
    @Test
    void namesTheMergeSourceThatGivesTheName() {
        assertThat(errors("""
                version: 1
                rules:
                  - { name: a, match: { class: com.example.A } }
                  - &m
                    match: { class: com.example.B }
                  - &n
                    name: a
                    match: { class: com.example.C }
                  - <<: [*m, *n]
                """)).containsExactly(
                "p.yaml:4:5: rules[1]: missing `name`, such as `name: ollama` (lower case letters, digits, - and _)",
                "p.yaml:7:11: rules[2].name: duplicate rule name `a` (first used at 3:13); names must be unique,"
                        + " they tag the metrics",
                "p.yaml:9:14: rules[3].name: duplicate rule name `a` (first used at 3:13; repeated here by the alias"
                        + " *n of the anchor at 6:5); names must be unique, they tag the metrics");
    }

    /** Review: positions were looked up by path text, which a quoted key spelling a path could take over. */
    @Test
    void aQuotedKeySpellingAPathGivesNoRuleAnAlias() {
        assertThat(errors("""
                version: &n 1
                "rules[1].name": *n
                rules:
                  - { name: b, match: { class: com.example.A } }
                  - { name: b, match: { class: com.example.B } }
                """)).containsExactly(
                "p.yaml:2:1: rules[1].name: unknown key; the keys of the top level are version, defaults, rules",
                "p.yaml:5:13: rules[1].name: duplicate rule name `b` (first used at 4:13); names must be unique,"
                        + " they tag the metrics");
    }

    @Test
    void reportsAWrongValueInAnAliasedMappingWhereItIsWrittenForEveryRuleThatTakesIt() {
        assertThat(errors("""
                version: 1
                rules:
                  - name: a
                    match: { class: com.example.A }
                    retry: &fast { maxAttempts: 0 }
                  - name: b
                    match: { class: com.example.B }
                    retry: *fast
                """)).containsExactly(
                "p.yaml:5:33: rules[0].retry.maxAttempts: expected an integer >= 1, got 0",
                "p.yaml:5:33: rules[1].retry.maxAttempts: expected an integer >= 1, got 0");
    }

    @Test
    void placesAMatchTakenByAnAliasAtTheAlias() {
        LoadResult result = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: a
                    match: &m { class: com.example.A }
                  - name: b
                    match: *m
                  - { <<: { match: *m }, name: c }
                """, "p.yaml");
        assertThat(result.matches()).extracting(m -> m.match().position())
                .containsExactly(new Position(4, 12), new Position(6, 12), new Position(7, 20));
    }
}
