package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

class BulkheadIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            defaults:
              retry: off
              timeout: off
              circuitBreaker: off
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                bulkhead: { maxConcurrent: 2 }
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                bulkhead: { maxConcurrent: 1, maxWait: 1500ms }
            """;

    @Test
    void callsBeyondMaxConcurrentAreRejectedAtOnceOrAfterWaitingMaxWait() {
        stub("/slow", aResponse().withStatus(200).withBody("done").withFixedDelay(1000));
        stub("/slow-too", aResponse().withStatus(200).withBody("done").withFixedDelay(1000));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "parallel:4:legacy.get:/slow", "parallel:3:unchecked.fetch:/slow-too", "stats");

        // maxConcurrent 2, no waiting: two calls run, two are rejected without a request
        List<ForkedApp.Call> first = result.calls().subList(0, 4);
        assertThat(first).as(result.toString()).filteredOn(ForkedApp.Call::ok).hasSize(2)
                .allSatisfy(call -> assertThat(call.value()).isEqualTo("done"));
        assertThat(first).filteredOn(call -> !call.ok()).hasSize(2).allSatisfy(call -> {
            assertThat(call.exception()).isEqualTo("dev.resilience.agent.api.CallRejectedIOException");
            assertThat(call.message()).contains("rule 'legacy'").contains("bulkhead full (maxConcurrent 2)");
            assertThat(call.millis()).isLessThan(500);
        });
        assertThat(requests("/slow")).isEqualTo(2);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("successes", 2L).containsEntry("rejections", 2L).containsEntry("failures", 0L);

        // maxConcurrent 1, maxWait 1.5 s, calls of 1 s: the second caller waits its turn, the third
        // gives up after 1.5 s with the unchecked flavour (fetch declares no IOException)
        List<ForkedApp.Call> second = result.calls().subList(4, 7);
        assertThat(second).filteredOn(ForkedApp.Call::ok).hasSize(2);
        assertThat(second).filteredOn(ForkedApp.Call::ok).extracting(ForkedApp.Call::millis)
                .anySatisfy(millis -> assertThat(millis).isGreaterThanOrEqualTo(1900));
        assertThat(second).filteredOn(call -> !call.ok()).singleElement().satisfies(call -> {
            assertThat(call.exception()).isEqualTo("dev.resilience.agent.api.CallRejectedException");
            assertThat(call.millis()).isBetween(1450L, 2400L);
        });
        assertThat(requests("/slow-too")).isEqualTo(2);
    }

    /** Audit: the contract serves the fallback when the bulkhead is full; no test combined the two. */
    @Test
    void callsAFullBulkheadRefusesGetTheFallbackWithoutARequest() {
        stub("/slow", aResponse().withStatus(200).withBody("done").withFixedDelay(1000));
        String policy = """
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: off
                    timeout: off
                    circuitBreaker: off
                    bulkhead: { maxConcurrent: 1 }
                    fallback: { value: "busy" }
                """;

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(),
                "parallel:3:legacy.get:/slow", "stats");

        assertThat(result.calls()).as(result.toString()).hasSize(3).allSatisfy(call -> assertThat(call.ok()).isTrue());
        assertThat(result.calls()).extracting(ForkedApp.Call::value).containsExactlyInAnyOrder("done", "busy", "busy");
        assertThat(requests("/slow")).isEqualTo(1);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("successes", 1L).containsEntry("fallbacks", 2L)
                .containsEntry("refusedToFallback", 2L).containsEntry("rejections", 0L).containsEntry("failures", 0L);
    }

    /**
     * A caller interrupted while it waits for a bulkhead place gets an InterruptedException when the
     * method declares one, as when it waits for a worker: an unchecked exception would escape the
     * handler the method's callers have for it. Inline (no timeout) and hand-off (thread mode).
     */
    @Test
    void aCallerInterruptedWaitingForAPlaceGetsTheInterruptedExceptionItsMethodDeclares() {
        for (String timeout : List.of("off", "10s")) {
            String policy = ForkedApp.policy("""
                    version: 1
                    rules:
                      - name: waiting
                        match: { class: testapp.InterruptingClient, methods: [take] }
                        retry: off
                        timeout: %s
                        circuitBreaker: off
                        bulkhead: { maxConcurrent: 1, maxWait: 10s }
                    """.formatted(timeout));

            ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "interrupting.takeWaitingForAPlace",
                    "stats");

            assertThat(result.call(1).value()).as("timeout " + timeout + ": " + result)
                    .isEqualTo("caught dev.resilience.agent.api.CallWaitInterruptedException");
            assertThat(result.call(1).millis()).isLessThan(3_000L);
            // refused the place, not interrupted on a worker (a failure): the holder did hold it (review)
            assertThat(result.stats("testapp.InterruptingClient#take()")).containsEntry("rejections", 1L);
        }
    }
}
