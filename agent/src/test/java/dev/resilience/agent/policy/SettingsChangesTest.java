package dev.resilience.agent.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a reload line says a rule's edit changed (operator audit: "legacy changed" said nothing of what). */
class SettingsChangesTest {
    private static Rule rule(String extra) {
        return PolicyTexts.onlyRule(PolicyTexts.HEAD + extra);
    }

    @Test
    void namesEachAspectThatChangedBeforeAndAfter() {
        Rule before = rule("    timeout: 1s\n    mode: observe\n");
        Rule after = rule("    timeout: 6s\n    bulkhead: { maxConcurrent: 4 }\n");

        assertThat(SettingsChanges.between(before, after)).containsExactly(
                "mode observe -> enforce",
                "timeout 1s mode=thread -> 6s mode=thread",
                "bulkhead off -> maxConcurrent=4 maxWait=0ms");
    }

    @Test
    void aRuleThatOnlyMovedChangedNothing() {
        assertThat(SettingsChanges.between(rule("    timeout: 1s\n"), PolicyTexts.onlyRule("# moved\n" + PolicyTexts.HEAD
                + "    timeout: 1s\n"))).isEmpty();
    }
}
