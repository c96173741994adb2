package dev.resilience.agent.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleComparisonTest {
    private static List<Rule> rules(String yaml) {
        LoadResult result = PolicyLoader.parse(yaml, "test.yaml");
        assertThat(result.errors()).isEmpty();
        return result.policy().rules();
    }

    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: a.B, methods: ["get(java.lang.String)"] }
                retry: { maxAttempts: 4 }
                fallback: { value: "" }
                onFailure: { exception: java.io.UncheckedIOException }
            """;

    @Test
    void aRuleThatOnlyMovedIsTheSame() {
        Rule before = rules(POLICY).get(0);
        Rule after = rules("# a comment\n\n" + POLICY.replace("rules:\n", "rules:\n  - name: other\n    match: { class: x.Y }\n"))
                .get(1);

        assertThat(after.position()).isNotEqualTo(before.position());
        assertThat(RuleComparison.sameSettings(before, after)).isTrue();
    }

    @Test
    void anyChangedSettingOrMatchMakesItAnotherRule() {
        Rule before = rules(POLICY).get(0);

        assertThat(RuleComparison.sameSettings(before, rules(POLICY.replace("maxAttempts: 4", "maxAttempts: 3")).get(0))).isFalse();
        assertThat(RuleComparison.sameSettings(before, rules(POLICY.replace("a.B", "a.C")).get(0))).isFalse();
        assertThat(RuleComparison.sameSettings(before, rules(POLICY.replace("value: \"\"", "value: x")).get(0))).isFalse();
        assertThat(RuleComparison.sameSettings(before, rules(POLICY.replace("name: legacy", "name: other")).get(0))).isFalse();
    }

    @Test
    void aDefaultThatChangesChangesTheRule() {
        Rule before = rules(POLICY).get(0);
        Rule after = rules(POLICY.replace("rules:\n", "defaults:\n  timeout: 3s\nrules:\n")).get(0);

        assertThat(RuleComparison.sameSettings(before, after)).isFalse();
    }
}
