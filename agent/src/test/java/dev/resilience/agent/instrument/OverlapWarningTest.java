package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import testprologue.OtherClient;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: reordering two rules that match one method moves the method from rule to rule; only the
 * first move was warned about, so after reordering back an operator could not tell which rule
 * applied. The warning comes again whenever the applying rule changes, never twice for the same one.
 */
class OverlapWarningTest {
    private static InstalledPolicy policy(String first, String second) {
        LoadResult loaded = PolicyLoader.parse("version: 1\nrules:\n"
                + "  - name: " + first + "\n    match: { class: testprologue.OtherClient, methods: [get] }\n"
                + "  - name: " + second + "\n    match: { class: testprologue.OtherClient }\n", "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        return new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
    }

    private static List<String> warningsPlanningUnder(InstalledPolicy policy, byte[] bytes) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            List<ClassInstrumenter.Planned> plan = ClassInstrumenter.plan(OtherClient.class.getClassLoader(),
                    OtherClient.class.getName(), bytes, policy);
            assertThat(plan).hasSize(1);
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theOverlapIsWarnedAboutAgainWheneverTheApplyingRuleChanges() throws Exception {
        byte[] bytes;
        try (InputStream in = OtherClient.class.getResourceAsStream("OtherClient.class")) {
            bytes = in.readAllBytes();
        }
        String aWins = "[resilience-agent] WARN testprologue.OtherClient#get() is matched by rules 'named' and 'wide';"
                + " 'named' (first in the file) applies. Narrow one rule's match.";
        String bWins = "[resilience-agent] WARN testprologue.OtherClient#get() is matched by rules 'wide' and 'named';"
                + " 'wide' (first in the file) applies. Narrow one rule's match.";

        assertThat(warningsPlanningUnder(policy("named", "wide"), bytes)).containsExactly(aWins);
        assertThat(warningsPlanningUnder(policy("named", "wide"), bytes)).as("unchanged: said once").isEmpty();
        InstalledPolicy reordered = new InstalledPolicy(PolicyLoader.parse("version: 1\nrules:\n"
                + "  - name: wide\n    match: { class: testprologue.OtherClient }\n"
                + "  - name: named\n    match: { class: testprologue.OtherClient, methods: [get] }\n", "test.yaml").policy(),
                NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
        assertThat(warningsPlanningUnder(reordered, bytes)).containsExactly(bWins);
        InstalledPolicy back = policy("named", "wide");
        assertThat(warningsPlanningUnder(back, bytes)).as("back to the first order: the applying rule changed again")
                .containsExactly(aWins);
        assertThat(back.lostOverlaps("wide")).isTrue();
        assertThat(back.lostOverlaps("named")).isFalse();
    }
}
