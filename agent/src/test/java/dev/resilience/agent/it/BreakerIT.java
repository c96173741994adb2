package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: off
                timeout: 2s
                circuitBreaker: { failureThreshold: 3, openDuration: 1s }
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                retry: off
                circuitBreaker: { failureThreshold: 1, openDuration: 10s }
            """;

    /**
     * The breaker's cases run with the timeout on (the body on a timeout worker) and off (the light
     * inline path, where a call holds only the breaker's permit until its body fails).
     */
    private static String policy(String timeout) {
        return POLICY.replaceFirst("timeout: 2s", timeout);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeout: 2s", "timeout: off"})
    void opensAfterTheThresholdRejectsWithoutCallingThenClosesAfterASuccessfulTrial(String timeout) {
        sequence("/svc", status(503), status(503), status(503), status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy(timeout)), "testapp.Scenario", base(),
                "legacy.get:/svc", "legacy.get:/svc", "legacy.get:/svc",   // 3 failures: OPEN
                "legacy.get:/svc", "legacy.get:/svc",                      // rejected, never sent
                "sleep:1300",                                              // past openDuration
                "legacy.get:/svc",                                         // HALF_OPEN trial succeeds: CLOSED
                "legacy.get:/svc");

        assertThat(result.call(3).exception()).as(result.toString()).isEqualTo("java.io.IOException");
        assertThat(result.call(4).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(result.call(4).message()).contains("rule 'legacy'").contains("OPEN");
        assertThat(result.call(4).millis()).isLessThan(1000); // well under the 2 s timeout: refused, not waited for
        assertThat(result.call(5).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(result.call(6).ok()).isTrue();
        assertThat(result.call(7).ok()).isTrue();
        assertThat(requests("/svc")).isEqualTo(5);
        // the rule's breaker is shared by its methods: the line says which one failed
        assertThat(result.stderr().lines().filter(line -> line.startsWith("[resilience-agent] WARN breaker legacy CLOSED -> OPEN")))
                .singleElement().asString().startsWith("[resilience-agent] WARN breaker legacy CLOSED -> OPEN (3 consecutive failures, last: ")
                .endsWith(", in testapp.LegacyClient#get(java.lang.String))");
        assertThat(result.stderr())
                .contains("breaker legacy OPEN -> HALF_OPEN")
                .contains("breaker legacy HALF_OPEN -> CLOSED");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeout: 2s", "timeout: off"})
    void aFailedTrialOpensTheCircuitAgain(String timeout) {
        stub("/down", status(503));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy(timeout)), "testapp.Scenario", base(),
                "legacy.get:/down", "legacy.get:/down", "legacy.get:/down", "sleep:1300",
                "legacy.get:/down", "legacy.get:/down");

        assertThat(result.call(4).exception()).as(result.toString()).isEqualTo("java.io.IOException");
        assertThat(result.call(5).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(requests("/down")).isEqualTo(4);
        assertThat(result.stderr().lines().filter(line -> line.contains("breaker legacy HALF_OPEN -> OPEN")))
                .singleElement().asString().contains("(trial call failed: java.io.IOException")
                .endsWith(", in testapp.LegacyClient#get(java.lang.String))");
    }

    @Test
    void aMethodWithoutIOExceptionGetsAnUncheckedOpenCircuitException() {
        stub("/down", status(503));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "unchecked.fetch:/down", "unchecked.fetch:/down");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("java.io.UncheckedIOException");
        assertThat(result.call(2).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenException");
        assertThat(result.call(2).io()).isFalse();
        assertThat(requests("/down")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeout: 2s", "timeout: off"})
    void anOpenCircuitIsNotRetried(String timeout) {
        stub("/down", status(503));
        String policy = policy(timeout).replaceFirst("retry: off", "retry: { maxAttempts: 5, delay: 10ms }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(),
                "legacy.get:/down", "legacy.get:/down");

        // the first call's third attempt opens the circuit: its 4th attempt is refused and the call
        // ends with the last real failure; the second call is rejected outright
        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("java.io.IOException");
        assertThat(result.call(1).suppressed()).isEqualTo(2);
        assertThat(result.call(2).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(requests("/down")).isEqualTo(3);
    }
}
