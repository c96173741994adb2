package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Builds small policies inline and loads them as {@code p.yaml}. */
final class PolicyTexts {
    static final String FILE = "p.yaml";

    /** Lines 1-4: version, rules, and a rule `a` with a match. Extra rule keys start at line 5, column 5. */
    static final String HEAD = """
            version: 1
            rules:
              - name: a
                match: { class: com.example.A }
            """;

    private PolicyTexts() { }

    /** The head plus {@code lines} as further keys of rule `a` (indented 4), so line k of them is file line 4 + k. */
    static String rule(String... lines) {
        StringBuilder s = new StringBuilder(HEAD);
        for (String line : lines) {
            s.append("    ").append(line).append('\n');
        }
        return s.toString();
    }

    static List<String> errors(String yaml) {
        LoadResult result = PolicyLoader.parse(yaml, FILE);
        assertThat(result.ok()).as("expected errors for:%n%s", yaml).isFalse();
        assertThat(result.policy()).isNull();
        return result.errors().stream().map(PolicyError::toString).toList();
    }

    static String onlyError(String yaml) {
        List<String> errors = errors(yaml);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    static Policy valid(String yaml) {
        LoadResult result = PolicyLoader.parse(yaml, FILE);
        assertThat(result.errors()).as("errors").isEmpty();
        assertThat(result.ok()).isTrue();
        return result.policy();
    }

    static Rule onlyRule(String yaml) {
        Policy policy = valid(yaml);
        assertThat(policy.rules()).hasSize(1);
        return policy.rules().get(0);
    }
}
