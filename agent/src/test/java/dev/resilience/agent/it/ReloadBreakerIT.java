package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload and the circuit breakers: which reloads keep a breaker (and its OPEN state) and which
 * replace it, and what the reload line says about it. Split from ReloadIT by subject.
 */
class ReloadBreakerIT extends ReloadFixture {
    @Test
    void theBreakerStateOfAnUnchangedRuleSurvivesAReload() throws IOException {
        stub("/down", status(503));
        stub("/other", status(503));
        String breaker = legacyWithBreaker("failureThreshold: 2, openDuration: 5m");
        String gate1 = gate("gate1");
        String gate2 = gate("gate2");
        try (ForkedApp.Running app = start(writePolicy(breaker + UNCHECKED_RETRY_THREE), "legacy.get:/down",
                "legacy.get:/down", "waitfile:" + gate1, "legacy.get:/down", "waitfile:" + gate2, "legacy.get:/down")) {
            app.awaitStdoutLine("WAITING " + gate1);

            // another rule changes and this one moves down two lines: it keeps its OPEN breaker
            replacePolicy("# comment\n# another\n" + breaker + UNCHECKED_RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 2"));
            app.awaitStderr("policy reloaded from", 1);
            open(gate1);
            app.awaitStdoutLine("WAITING " + gate2);
            // the rule itself changes: a new breaker, CLOSED
            replacePolicy(breaker.replace("failureThreshold: 2", "failureThreshold: 3"));
            app.awaitStderr("policy reloaded from", 2);
            open(gate2);
            ForkedApp.Result result = app.finish();

            assertThat(result.call(3).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
            assertThat(result.call(4).exception()).isEqualTo("java.io.IOException");
            assertThat(requests("/down")).isEqualTo(3);
            // only UncheckedClient's method gets new settings: the 4 of the unchanged rule keep their bindings
            assertThat(result.stderr()).contains("legacy unchanged, unchecked changed; 1 method rebound, 0 classes retransformed")
                    .contains("legacy changed (its breaker settings changed: a new breaker, CLOSED, replaces the OPEN one),"
                    + " unchecked removed;");
        }
    }

    /**
     * Audit: a CLOSED breaker replaced by a settings change went unmentioned (its count of consecutive
     * failures was dropped without a word), as did a breaker switched off.
     */
    @Test
    void theReloadLineSaysAClosedBreakerWasReplacedAndABreakerSwitchedOff() throws IOException {
        stub("/down", status(503));
        String breaker = legacyWithBreaker("failureThreshold: 3, openDuration: 5m");
        String gate1 = gate("gate1");
        String gate2 = gate("gate2");
        try (ForkedApp.Running app = start(writePolicy(breaker), "legacy.get:/down", "waitfile:" + gate1, "waitfile:" + gate2)) {
            app.awaitStdoutLine("WAITING " + gate1);

            replacePolicy(breaker.replace("failureThreshold: 3", "failureThreshold: 4"));
            app.awaitStderr("policy reloaded from", 1);
            open(gate1);
            app.awaitStdoutLine("WAITING " + gate2);
            replacePolicy(breaker.replace("circuitBreaker: { failureThreshold: 3, openDuration: 5m }", "circuitBreaker: off"));
            app.awaitStderr("policy reloaded from", 2);
            open(gate2);
            ForkedApp.Result result = app.finish();

            assertThat(result.stderr()).as(result.toString())
                    .contains("legacy changed (its breaker settings changed: a new breaker, CLOSED, replaces the CLOSED one);")
                    .contains("legacy changed (its breaker is off now);");
        }
    }

    /**
     * Audit: a trial call in flight when a reload replaced its HALF_OPEN breaker failed afterwards, and
     * the replaced breaker's HALF_OPEN -> OPEN was logged and counted as an open while the rule's
     * breaker stayed CLOSED.
     */
    @Test
    void aReplacedBreakersLateTransitionIsNeitherLoggedNorCounted() throws IOException {
        stub("/down", status(503));
        stub("/slow", status(503).withFixedDelay(4000));
        String breaker = legacyWithBreaker("failureThreshold: 1, openDuration: 200ms");
        String gate = gate("gate");
        try (ForkedApp.Running app = start(writePolicy(breaker), "legacy.get:/down", "sleep:400", "background:0:legacy.get:/slow",
                "sleep:300", "waitfile:" + gate)) {
            app.awaitStdoutLine("WAITING " + gate);

            replacePolicy(breaker.replace("failureThreshold: 1", "failureThreshold: 2"));
            app.awaitStderr("policy reloaded from", 1);
            open(gate);
            ForkedApp.Result result = app.finish(); // after the trial's response came, 4 s after it started

            assertThat(result.stderr()).as(result.toString())
                    .contains("legacy changed (its breaker settings changed: a new breaker, CLOSED, replaces the HALF_OPEN one)")
                    .contains("breaker legacy CLOSED -> OPEN").contains("breaker legacy OPEN -> HALF_OPEN")
                    .doesNotContain("breaker legacy HALF_OPEN -> OPEN")
                    .contains("summary rule legacy: successes=0 failures=2 retryAttempts=0 timeouts=0 breakerOpens=1 ");
            assertThat(requests("/slow")).isEqualTo(1);
        }
    }

    /** Audit: under scope: method the reload line said nothing of the OPEN method breakers a settings change replaced. */
    @Test
    void aReloadReplacingMethodBreakersNamesThoseThatWereNotClosed() throws IOException {
        stub("/down", status(503));
        String breaker = legacyWithBreaker("failureThreshold: 1, openDuration: 5m, scope: method");
        String gate = gate("gate");
        try (ForkedApp.Running app = start(writePolicy(breaker), "legacy.get:/down", "waitfile:" + gate, "legacy.get:/down")) {
            app.awaitStdoutLine("WAITING " + gate);

            replacePolicy(breaker.replace("failureThreshold: 1", "failureThreshold: 2"));
            app.awaitStderr("policy reloaded from", 1);
            open(gate);
            ForkedApp.Result result = app.finish();

            assertThat(result.call(2).exception()).as(result.toString()).isEqualTo("java.io.IOException"); // a new breaker
            assertThat(requests("/down")).isEqualTo(2);
            assertThat(result.stderr()).contains("legacy changed (its breaker settings changed: new breakers, CLOSED unless"
                    + " forced, replace the method breakers: testapp.LegacyClient#get(java.lang.String) was OPEN)");
        }
    }

    /**
     * Retuning a rule's retries during an incident keeps its open circuit (same breaker settings), and a
     * rule added by the reload that also matches a method is warned about, as at start.
     */
    @Test
    void aRuleChangedButNotInItsBreakerKeepsItsOpenCircuit() throws IOException {
        stub("/down", status(503));
        String gate = gate("gate");
        String breaking = LEGACY_RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 1")
                .replace("circuitBreaker: off", "circuitBreaker: { failureThreshold: 2, openDuration: 60s }");
        try (ForkedApp.Running app = start(writePolicy(breaking), "legacy.get:/down", "legacy.get:/down",
                "waitfile:" + gate, "legacy.get:/down")) {
            app.awaitStdoutLine("WAITING " + gate);

            replacePolicy(breaking.replace("maxAttempts: 1", "maxAttempts: 2") + """
                      - name: wide
                        match: { class: "testapp.*Client", methods: [get] }
                    """);
            app.awaitStderr("policy reloaded from", 1);
            open(gate);
            ForkedApp.Result result = app.finish();

            assertThat(result.call(3).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
            assertThat(requests("/down")).isEqualTo(2);
            assertThat(result.stderr()).contains("legacy changed (its breaker kept, OPEN)")
                    .contains("testapp.LegacyClient#get(java.lang.String) is matched by rules 'legacy' and 'wide'");
        }
    }

    /** A policy of one rule, legacy (retry and timeout off), with this breaker mapping's content. */
    /**
     * Operator audit: a breaker an observing rule opened was kept when the rule switched to enforce,
     * refusing every call at once, in lines that still said "mode: observe, no call is refused"; and
     * the reload line did not say the mode had changed.
     */
    @Test
    void aModeChangeReplacesTheBreakerAndTheReloadLineSaysSo() throws IOException {
        stub("/down", status(503));
        String breaker = legacyWithBreaker("failureThreshold: 1, openDuration: 5m");
        String gate = gate("gate");
        try (ForkedApp.Running app = start(writePolicy(breaker + "    mode: observe\n"), "legacy.get:/down", "waitfile:" + gate,
                "legacy.get:/down", "legacy.get:/down")) {
            app.awaitStdoutLine("WAITING " + gate);

            replacePolicy(breaker);
            app.awaitStderr("policy reloaded from", 1);
            open(gate);
            ForkedApp.Result result = app.finish();

            assertThat(result.stderr()).as(result.toString())
                    .contains("breaker legacy CLOSED -> OPEN (1 consecutive failure, last: ")
                    .contains("[mode: observe, no call is refused]")
                    .contains("legacy changed (mode observe -> enforce) (its mode changed: a new breaker, CLOSED, replaces"
                            + " the OPEN one)");
            // enforcing now: the first call reaches the service and opens the new breaker, the second is refused
            assertThat(result.call(2).exception()).isEqualTo("java.io.IOException");
            assertThat(result.call(3).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
            assertThat(requests("/down")).isEqualTo(2);
            assertThat(result.stderr().lines().filter(line -> line.contains("breaker legacy CLOSED -> OPEN")))
                    .hasSize(2).last().asString().doesNotContain("mode: observe");
        }
    }

    private static String legacyWithBreaker(String breakerSettings) {
        return """
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: off
                    timeout: off
                    circuitBreaker: { %s }
                """.formatted(breakerSettings);
    }
}
