package dev.resilience.agent.it;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code mode: observe}: decide and count everything, change nothing the application sees or sends. */
class ObserveModeIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                mode: observe
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 3, delay: 50ms }
                timeout: 300ms
                bulkhead: { maxConcurrent: 1 }
                circuitBreaker: { failureThreshold: 3, openDuration: 30s }
            """;

    private static final String[] STEPS = {
            "parallel:2:legacy.get:/slow",          // one over the bulkhead, the other past the timeout
            "legacy.get:/down", "legacy.get:/down",  // with the timeout: 3 failures, the breaker opens
            "legacy.get:/down", "legacy.get:/down",  // would be rejected by the open circuit
            "legacy.get:/ok",                        // would be rejected too
            "stats"};

    /**
     * Method and URL of every request WireMock received, in arrival order. The journal lists the
     * newest first; its timestamps have millisecond precision, so two quick requests can tie: the
     * list is reversed before the (stable) sort, or a tie would come out newest first.
     */
    private List<String> journal() {
        List<ServeEvent> newestFirst = new ArrayList<>(wireMock.getAllServeEvents());
        Collections.reverse(newestFirst);
        return newestFirst.stream()
                .sorted(Comparator.comparing((ServeEvent e) -> e.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).toList();
    }

    /** What the application saw: each call's outcome without its timing, by number (parallel calls print as they end). */
    private static List<String> outcomes(ForkedApp.Result result) {
        return result.calls().stream().sorted(Comparator.comparingInt(ForkedApp.Call::n)).map(c -> c.n() + " " + c.step() + " " + (c.ok() ? "OK " + c.value()
                : "ERR " + c.exception() + " " + c.message())).toList();
    }

    @Test
    void theApplicationSendsAndSeesExactlyWhatItDoesWithoutTheAgentWhileTheCountersShowWhatEnforcementWouldHaveDone() {
        String[] args = new String[STEPS.length + 1];
        System.arraycopy(STEPS, 0, args, 1, STEPS.length);
        stub("/slow", aResponse().withStatus(200).withBody("slow").withFixedDelay(600));
        stub("/down", status(503));
        stub("/ok", status(200));

        args[0] = base();
        ForkedApp.Result plain = ForkedApp.run(null, "testapp.Scenario", args);
        List<String> plainJournal = journal();
        wireMock.resetRequests();
        ForkedApp.Result observed = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", args);

        assertThat(plain.stdout()).as(plain.toString()).contains("STATS none");
        assertThat(outcomes(observed)).as(observed.toString()).isEqualTo(outcomes(plain));
        assertThat(outcomes(observed)).contains("1 legacy.get:/slow OK slow", "2 legacy.get:/slow OK slow",
                "7 legacy.get:/ok OK status 200");
        assertThat(journal()).isEqualTo(plainJournal).hasSize(2 + 4 + 1);

        assertThat(observed.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("successes", 0L)
                .containsEntry("failures", 3L)     // the timed-out call and two 503s
                .containsEntry("timeouts", 1L)
                // one would-be retry per failed call, but for the third: the circuit its failure opened refuses it
                .containsEntry("retries", 2L)
                .containsEntry("rejections", 4L);  // one by the bulkhead, three by the open circuit
        assertThat(observed.stderr()).contains("breaker legacy CLOSED -> OPEN (3 consecutive failures")
                .contains("[mode: observe, no call is refused]"); // audit: the line read as under enforcement
    }

    /**
     * Audit: observing an async method, a call the bulkhead or the open circuit would have refused
     * was counted as a would-be timeout too (its future outlived the timeout), where enforcement
     * would have refused it before it ran: like an inline call, it counts as a rejection only.
     */
    @Test
    void anAsyncCallEnforcementWouldHaveRefusedCountsAsARejectionOnly() {
        stub("/slow", aResponse().withStatus(200).withBody("slow").withFixedDelay(600));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: async
                    mode: observe
                    match: { class: testapp.AsyncClient, methods: [fetch, pending] }
                    retry: off
                    timeout: 300ms
                    bulkhead: { maxConcurrent: 1 }
                    circuitBreaker: { failureThreshold: 1, openDuration: 30s }
                """);

        // one slow call past the timeout (its failure opens the breaker), one over the bulkhead; then one the open
        // circuit refuses, and one it refuses whose future never completes (counted at its deadline: review)
        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "parallel:2:async.fetch:/slow",
                "async.fetch:/slow", "async.pending:/never", "sleep:600", "stats");

        assertThat(result.calls().subList(0, 3)).as(result.toString()).allSatisfy(call -> assertThat(call.value()).isEqualTo("slow"));
        assertThat(result.call(4).value()).isEqualTo("pending");
        assertThat(result.stats("testapp.AsyncClient#pending(java.lang.String)"))
                .containsEntry("timeouts", 0L)
                .containsEntry("rejections", 1L);
        assertThat(requests("/slow")).isEqualTo(3);
        assertThat(result.stats("testapp.AsyncClient#fetch(java.lang.String)"))
                .containsEntry("timeouts", 1L)
                .containsEntry("failures", 1L)
                .containsEntry("successes", 0L)
                .containsEntry("rejections", 2L);
    }

    /**
     * Audit: with every timeout worker busy, enforcement rejects a thread-mode call at once; observing,
     * the call ran on its caller's thread (as it always does) and counted a success, not the
     * would-be rejection the contract asks for.
     */
    @Test
    void aCallEnforcementWouldHaveRejectedForBusyTimeoutWorkersCountsAWouldBeRejection() {
        stub("/hold", status(200).withFixedDelay(3000));
        stub("/ok", status(200));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: holder
                    match: { class: testapp.JdkClient, methods: [get] }
                    retry: off
                    timeout: 10s
                  - name: legacy
                    mode: observe
                    match: { class: testapp.LegacyClient }
                    retry: off
                    timeout: 5s
                """);

        // the background call takes the only worker at once and keeps it for 3 s; the observed calls come at 1 s
        ForkedApp.Result result = ForkedApp.run(policy, List.of("-Dresilience.timeout.maxThreads=1"), List.of(),
                "testapp.Scenario", base(), "background:0:jdk.get:/hold", "sleep:1000", "legacy.get:/ok", "sleep:200",
                "legacy.get:/ok", "stats");

        assertThat(result.call(2).value()).as(result.toString()).isEqualTo("status 200");
        assertThat(requests("/ok")).isEqualTo(2);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("rejections", 2L)
                .containsEntry("successes", 0L)
                .containsEntry("timeouts", 0L);
    }

    /** Operator audit: forcing an observing rule's breaker open logged "every call is rejected until reset"; none was. */
    @Test
    void forcingAnObservingRulesBreakerOpenRefusesNoCallAndTheLogSaysSo() {
        stub("/ok", status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacy.get:/ok",
                "jmx.forceOpen:legacy", "legacy.get:/ok", "stats");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.call(2).ok()).as(result.toString()).isTrue();
        assertThat(requests("/ok")).isEqualTo(2);
        assertThat(result.stderr()).contains("WARN breaker legacy forced OPEN by an operator over JMX: every call is rejected"
                + " until reset, but the rule is in mode: observe: no call is refused, each counts as a would-be rejection");
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)")).containsEntry("rejections", 1L);
    }
}
