package dev.resilience.agent.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM's first protected call finds the agent's call path ready: once a class is instrumented,
 * the agent loads what calls run through (and starts a timeout worker, or the interrupt timer) on
 * a thread of its own, so the first call does not load it itself (3 to 7 ms, which a short
 * timeout's first call did not survive).
 */
class FirstCallIT extends WireMockSupport {
    /** An unprotected call first: a cold JVM's HTTP classes are not the agent's to load. */
    private static final String WARM_UP = "unmatched.get:/ok";

    @ParameterizedTest
    @ValueSource(strings = {"timeout: 2s", "timeout: { duration: 2s, mode: interrupt }", "timeout: off"})
    void theFirstCallLoadsNoneOfTheAgentsClasses(String timeout) {
        stub("/ok", status(200));
        String policy = """
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 2, delay: 10ms }
                    %s
                """.formatted(timeout);

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), List.of("-Xlog:class+load=info:stdout"), List.of(),
                "testapp.Scenario", base(), WARM_UP, "sleep:1500", "mark:first", "legacy.get:/ok");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.call(2).ok()).as(result.toString()).isTrue();
        List<String> lines = result.stdout();
        int mark = lines.indexOf("MARK first");
        int call = indexOfPrefix(lines, "CALL 2 ");
        assertThat(mark).as(result.toString()).isNotNegative().isLessThan(call);
        assertThat(lines.subList(mark, call)).as("classes the first protected call loaded")
                .noneMatch(line -> line.contains(" dev.resilience.agent."));
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
