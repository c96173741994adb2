package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code slowCallDuration} / {@code slowCallRateThreshold}: slow successes open a rate breaker. */
class SlowCallIT extends WireMockSupport {
    private static final String BREAKER = "{ failureRateThreshold: 50%, slidingWindowSize: 4, minimumCalls: 4,"
            + " slowCallDuration: 300ms, slowCallRateThreshold: 75%, openDuration: 30s }";
    private static final String POLICY = """
            version: 1
            defaults:
              retry: off
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                timeout: off
                circuitBreaker: BREAKER
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                timeout: 5s
                circuitBreaker: BREAKER
            """.replace("BREAKER", BREAKER);

    @Test
    void slowSuccessesOpenTheBreakerOnceTheirRateReachesTheThreshold() {
        stub("/fast", aResponse().withStatus(200).withBody("fast"));
        stub("/slow", aResponse().withStatus(200).withBody("slow").withFixedDelay(500));
        stub("/slow-too", aResponse().withStatus(200).withBody("slow").withFixedDelay(500));

        // legacy: body inline (no timeout); unchecked: body on a timeout worker
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "legacy.get:/fast", "legacy.get:/slow", "legacy.get:/slow", "legacy.get:/slow", "legacy.get:/fast",
                "unchecked.fetch:/slow-too", "unchecked.fetch:/slow-too", "unchecked.fetch:/fast",
                "unchecked.fetch:/slow-too", "unchecked.fetch:/fast", "stats");

        assertThat(result.calls().subList(0, 4)).as(result.toString()).allSatisfy(call -> assertThat(call.ok()).isTrue());
        assertThat(result.call(5).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(result.calls().subList(5, 9)).allSatisfy(call -> assertThat(call.ok()).isTrue());
        assertThat(result.call(10).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenException");
        assertThat(requests("/slow")).isEqualTo(3);
        assertThat(requests("/slow-too")).isEqualTo(3);
        assertThat(requests("/fast")).isEqualTo(2);   // one per rule: each rule's last call was refused
        assertThat(result.stderr())
                .contains("breaker legacy CLOSED -> OPEN (slow-call rate 75% >= 75% over last 4 calls (slow: > 300ms))")
                .contains("breaker unchecked CLOSED -> OPEN (slow-call rate 75% >= 75% over last 4 calls");
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("successes", 4L).containsEntry("failures", 0L).containsEntry("rejections", 1L);
    }
}
