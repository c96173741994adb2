package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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

    /**
     * A trial whose body ignores the interrupt (a blocking HttpURLConnection read under
     * {@code mode: interrupt}) used to keep the circuit HALF_OPEN, refusing every call, until it
     * returned; past its timeout plus openDuration (1.3 s here) it is taken as failed.
     */
    @Test
    void aTrialHungInIoThatIgnoresTheInterruptStopsHoldingTheCircuit() {
        stub("/down", status(503));
        stub("/hang", status(503).withFixedDelay(5000));
        stub("/ok", status(200).withBody("ok"));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: off
                    timeout: { duration: 300ms, mode: interrupt }
                    circuitBreaker: { failureThreshold: 1, openDuration: 1s }
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(),
                "legacy.get:/down", "sleep:1100", "background:0:legacy.get:/hang", "sleep:500",
                "legacy.get:/ok", "sleep:1800", "legacy.get:/ok", "sleep:1100", "legacy.get:/ok", "sleep:3500",
                "legacy.get:/ok");

        assertThat(result.call(3).message()).as(result.toString())
                .contains("circuit breaker is HALF_OPEN and its 1 trial call is already running");
        assertThat(result.call(4).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(result.call(4).message()).contains("circuit breaker is OPEN");
        assertThat(result.call(5).value()).isEqualTo("ok");
        assertThat(result.call(2).exception()).as("the hung trial ends at last, timed out")
                .isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(result.calls()).map(ForkedApp.Call::n).as("the hung trial ends before call 6").containsSubsequence(2, 6);
        assertThat(result.call(6).value()).as("its late failure counts for nothing").isEqualTo("ok");
        assertThat(requests("/ok")).isEqualTo(2);
        assertThat(requests("/hang")).isEqualTo(1);
        List<String> transitions = result.stderr().lines().filter(line -> line.contains("breaker legacy "))
                .map(line -> line.replaceAll(".*breaker legacy ", "")).toList();
        assertThat(transitions).map(line -> line.substring(0, line.indexOf(" ("))).containsExactly(
                "CLOSED -> OPEN", "OPEN -> HALF_OPEN", "HALF_OPEN -> OPEN", "OPEN -> HALF_OPEN", "HALF_OPEN -> CLOSED");
        assertThat(transitions.get(2)).matches("HALF_OPEN -> OPEN \\(1 trial call still running after \\ds, taken as failed\\)");
    }
}
