package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code timeout.mode: interrupt}: the body runs on the caller's thread, which is interrupted at the deadline. */
class InterruptTimeoutIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            defaults:
              retry: off
              circuitBreaker: off
              timeout: { duration: 500ms, mode: interrupt }
            rules:
              - name: jdk
                match: { class: testapp.JdkClient, methods: [text] }
              - name: legacy
                match: { class: testapp.LegacyClient }
            """;

    @Test
    void theBodyRunsOnTheCallersThreadAndIsInterruptedAtTheDeadlineWithoutLeakingTheInterrupt() {
        stub("/fast", aResponse().withStatus(200).withBody("fast"));
        stub("/slow", aResponse().withStatus(200).withBody("late").withFixedDelay(3000));
        stub("/slow-read", aResponse().withStatus(200).withBody("late").withFixedDelay(1500));

        // calls 1 and 2 (not matched) warm both HTTP clients up: a JVM's first request pays for
        // loading and initialising the client, which is no part of what is timed here
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "jdk.get:/fast", "unmatched.get:/fast",
                "jdk.text:/fast", "jdk.text:/slow", "interrupted", "legacy.get:/slow-read", "interrupted", "stats");

        // the caller's own thread and ThreadLocals
        assertThat(result.call(3).value()).as(result.toString()).isEqualTo("fast ctx=caller-context thread=main");

        // java.net.http honours the interrupt: control comes back at the deadline
        ForkedApp.Call slow = result.call(4);
        assertThat(slow.exception()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(slow.message()).contains("rule 'jdk'").contains("JdkClient#text(String)").contains("timed out after 500ms");
        assertThat(slow.millis()).isBetween(450L, 2000L);
        assertThat(result.call(5).value()).as("no interrupt left behind").isEqualTo("false");
        assertThat(requests("/slow")).isEqualTo(1);

        // a blocking HttpURLConnection read ignores interrupts: the body returns when the read ends
        // (1.5 s), and the call still fails as timed out
        ForkedApp.Call blocked = result.call(6);
        assertThat(blocked.exception()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(blocked.millis()).isBetween(1450L, 2500L);
        assertThat(result.call(7).value()).as("no interrupt left behind").isEqualTo("false");
        assertThat(requests("/slow-read")).isEqualTo(1);
        assertThat(requests("/fast")).isEqualTo(3);

        assertThat(result.stats("testapp.JdkClient#text(java.lang.String)"))
                .containsEntry("successes", 1L).containsEntry("timeouts", 1L).containsEntry("failures", 1L);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("timeouts", 1L).containsEntry("failures", 1L);
        assertThat(result.stderr()).doesNotContain("resilience-timeout");   // no worker thread was involved
    }

    /** The contract: "an interrupted caller stops retrying and keeps its interrupt flag", in interrupt mode too. */
    @Test
    void aCallerInterruptedBeforeTheCallKeepsItsInterruptAndIsNotRetried() {
        stub("/slow-read", aResponse().withStatus(200).withBody("late").withFixedDelay(1000));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 3, delay: 50ms }
                    timeout: { duration: 300ms, mode: interrupt }
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "interrupt", "legacy.get:/slow-read",
                "interrupted");

        ForkedApp.Call call = result.call(1);
        assertThat(call.exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(requests("/slow-read")).isEqualTo(1);
        assertThat(result.call(2).value()).as("the application's interrupt is still set").isEqualTo("true");
    }

    /**
     * The application cancels its own call (an interrupt, as Future.cancel(true) sends): the client turns
     * it into an InterruptedIOException, which the agent must not retry, in interrupt mode as without
     * a timeout.
     */
    @Test
    void anInterruptTheBodyTurnedIntoAnInterruptedIOExceptionIsNotRetried() {
        for (String timeout : new String[] {"{ duration: 2s, mode: interrupt }", "off"}) {
            String policy = ForkedApp.policy("""
                    version: 1
                    rules:
                      - name: napper
                        match: { class: testapp.Napper }
                        retry: { maxAttempts: 3, delay: 10ms }
                        timeout: %s
                        circuitBreaker: off
                    """.formatted(timeout));

            ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "interrupt", "napper.nap:3000");

            assertThat(result.call(1).exception()).as(timeout + ": " + result).isEqualTo("java.io.InterruptedIOException");
            assertThat(result.stdout()).as(timeout).contains("NAPS 1");
        }
    }

    /**
     * Audit: with both rules in mode: interrupt, the inner call (cut to the outer deadline) took the one
     * interrupt; the outer body, falling back to something else that blocks, was never interrupted and
     * held its caller for the whole sleep.
     */
    @Test
    void anOuterCallIsInterruptedAtItsDeadlineAfterAnInnerCallCutToItTookTheFirstInterrupt() {
        String policy = """
                version: 1
                defaults:
                  retry: off
                  circuitBreaker: off
                rules:
                  - name: outer
                    match: { class: testapp.FallingBackService, methods: [load] }
                    timeout: { duration: 500ms, mode: interrupt }
                  - name: inner
                    match: { class: testapp.FallingBackService$Inner }
                    timeout: { duration: 5s, mode: interrupt }
                """;

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(),
                "fallingBack.load:3000", "interrupted", "fallingBack.load:3000", "interrupted");

        for (int call : new int[] {1, 3}) {
            assertThat(result.call(call).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
            assertThat(result.call(call).message()).contains("rule 'outer'");
            assertThat(result.call(call).millis()).isBetween(450L, 2000L);
            assertThat(result.call(call + 1).value()).as("no interrupt left behind").isEqualTo("false");
        }
    }
}
