package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scope: method} and {@code onFailure.exception}. */
class BreakerScopeIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient, methods: [get, length] }
                retry: off
                timeout: off
                circuitBreaker: { failureThreshold: 2, openDuration: 30s, scope: method }
                onFailure: { exception: java.io.UncheckedIOException }
            """;

    @Test
    void eachMethodHasItsOwnBreakerAndAnOpenCircuitThrowsTheConfiguredException() {
        stub("/down", status(503));
        stub("/ok", status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "legacy.get:/down", "legacy.get:/down",          // get's breaker opens
                "legacy.get:/ok",                                 // refused
                "legacy.length:/ok",                              // length's breaker is still closed
                "legacy.length:/down", "legacy.length:/down",    // now it opens too
                "legacy.length:/ok");

        assertThat(result.call(2).exception()).as(result.toString()).isEqualTo("java.io.IOException");
        assertThat(result.call(3).exception()).isEqualTo("java.io.UncheckedIOException");
        assertThat(result.call(3).message()).contains("rule 'legacy'").contains("LegacyClient#get(String)")
                .contains("circuit breaker is OPEN");
        assertThat(result.stdout()).contains("CAUSE 3 dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(result.call(4).value()).isEqualTo("10");   // "status 200"
        assertThat(result.call(7).exception()).isEqualTo("java.io.UncheckedIOException");
        assertThat(requests("/down")).isEqualTo(4);
        assertThat(requests("/ok")).isEqualTo(1);
        assertThat(result.stderr())
                .contains("breaker legacy testapp.LegacyClient#get(java.lang.String) CLOSED -> OPEN")
                .contains("breaker legacy testapp.LegacyClient#length(java.lang.String) CLOSED -> OPEN");
    }
}
