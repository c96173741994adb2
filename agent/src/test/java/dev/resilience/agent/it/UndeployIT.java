package dev.resilience.agent.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An undeployed web application's class loader can be collected although a pooled thread that
 * outlives it made protected calls (audit: the thread's reused call state kept the retried call's
 * failure, and an idle timeout worker the last body's result, each pinning the loader); and the
 * rule that protected it is not then reported as matching nothing.
 */
class UndeployIT {
    @ParameterizedTest
    @CsvSource({
            "call, 'timeout: off', 'ok after 2'",
            "call, 'timeout: { duration: 2s, mode: interrupt }', 'ok after 2'",
            "call, 'timeout: 2s', 'ok after 2'",
            "self, 'timeout: 2s', testapp.UndeployPlugin"})
    void theWebappsLoaderIsCollectedOnceItIsUndeployed(String method, String timeout, String called) {
        String policy = """
                version: 1
                rules:
                  - name: webapp
                    match: { class: testapp.UndeployPlugin, methods: [call, self] }
                    retry: { maxAttempts: 2, delay: 10ms }
                    %s
                """.formatted(timeout);

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), List.of(), List.of(), "testapp.Undeploy", method);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("CALLED " + method + " " + called, "COLLECTED true");
        // at exit, the rule protected something: only in classes since unloaded (audit: "still matches no method")
        assertThat(result.stderr()).as(result.toString())
                .contains("rule webapp (").contains(") protects no method loaded now: the classes it instrumented were unloaded")
                .doesNotContain("still matches no method");
    }
}
