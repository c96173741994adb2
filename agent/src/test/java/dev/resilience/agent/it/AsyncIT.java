package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

class AsyncIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: async
                match: { class: testapp.AsyncClient }
                retry: { maxAttempts: 3, delay: 100ms }
                timeout: 500ms
                circuitBreaker: off
            """;

    @Test
    void aFailedFutureIsRetriedWithoutBlockingTheCaller() {
        sequence("/flaky", status(503).withFixedDelay(1000), status(503), status(200));
        String policy = POLICY.replace("timeout: 500ms", "timeout: 5s");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetch:/flaky");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(result.call(1).value()).isEqualTo("status 200");
        assertThat(requests("/flaky")).isEqualTo(3);
        // the first response takes a second: the future came back long before it
        assertThat(result.returnedMillis(1)).hasValueSatisfying(ms -> assertThat(ms).isLessThan(500));
        assertThat(result.call(1).millis()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aSlowFutureIsCompletedWithTheAgentsTimeoutException() {
        // a retry would get the fast answer: the call failing proves the timeout was not retried
        sequence("/slow", aResponse().withStatus(200).withFixedDelay(3000), status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.fetch:/slow");

        ForkedApp.Call call = result.call(1);
        assertThat(call.exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.AsyncCallTimeoutException");
        assertThat(call.message()).contains("rule 'async'");
        assertThat(call.millis()).isBetween(450L, 1500L);
        assertThat(result.returnedMillis(1)).hasValueSatisfying(ms -> assertThat(ms).isLessThan(400));
        // a TimeoutException is not an IOException: the default retryOn does not retry it (the
        // abandoned request may or may not reach the journal, depending on when it was cancelled)
        assertThat(requests("/slow")).isLessThanOrEqualTo(1);
    }
}
