package dev.resilience.agent.it;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class RetryIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 3, delay: 200ms, multiplier: 2 }
                timeout: off
                circuitBreaker: off
            """;

    @Test
    void retriesTransientFailuresUntilSuccess() {
        sequence("/flaky", status(503), status(503), status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacy.get:/flaky");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(result.call(1).value()).isEqualTo("status 200");
        assertThat(requests("/flaky")).isEqualTo(3);
    }

    @Test
    void rethrowsTheLastFailureWithEarlierOnesSuppressedWhenAttemptsRunOut() {
        stub("/down", status(503));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacy.get:/down");

        ForkedApp.Call call = result.call(1);
        assertThat(call.ok()).as(result.toString()).isFalse();
        assertThat(call.exception()).isEqualTo("java.io.IOException");
        assertThat(call.message()).isEqualTo("HTTP 503 from /down");
        assertThat(call.suppressed()).isEqualTo(2);
        assertThat(requests("/down")).isEqualTo(3);
    }

    @Test
    void waitsTheBackoffBetweenAttempts() {
        stub("/down", status(503));

        ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacy.get:/down");

        List<LoggedRequest> journal = wireMock.findAll(getRequestedFor(urlEqualTo("/down")));
        assertThat(journal).hasSize(3);
        long first = journal.get(1).getLoggedDate().getTime() - journal.get(0).getLoggedDate().getTime();
        long second = journal.get(2).getLoggedDate().getTime() - journal.get(1).getLoggedDate().getTime();
        // 200 ms then 400 ms (x2); generous upper bounds: this checks the schedule, not the machine's speed
        assertThat(first).isBetween(190L, 1_500L);
        assertThat(second).isBetween(390L, 1_700L);
    }

    @Test
    void doesNotRetryExceptionsOutsideRetryOn() {
        stub("/missing", status(404));
        String policy = POLICY.replace("multiplier: 2 }", "multiplier: 2, retryOn: [java.net.ConnectException] }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "legacy.get:/missing");

        assertThat(result.call(1).ok()).isFalse();
        assertThat(result.call(1).suppressed()).isZero();
        assertThat(requests("/missing")).isEqualTo(1);
    }

    @Test
    void neverRetriesAbortOnExceptionsEvenWhenRetryOnMatches() {
        stub("/missing", status(404));
        String policy = POLICY.replace("multiplier: 2 }", "multiplier: 2, abortOn: [java.io.IOException] }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "legacy.get:/missing");

        assertThat(result.call(1).ok()).isFalse();
        assertThat(requests("/missing")).isEqualTo(1);
    }

    @Test
    void retriesVoidAndPrimitiveMethodsToo() {
        sequence("/flaky", status(503), status(200));
        sequence("/flaky2", status(503), status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "legacy.send:/flaky", "legacy.length:/flaky2");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(result.call(2).value()).isEqualTo("10");
        assertThat(requests("/flaky")).isEqualTo(2);
        assertThat(requests("/flaky2")).isEqualTo(2);
    }

    @Test
    void aNestedCallOfTheSameRuleIsNotRetriedSeparately() {
        stub("/down", status(503));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacy.getTwice:/down");

        assertThat(result.call(1).ok()).as(result.toString()).isFalse();
        // the outer call is attempted 3 times; each attempt's inner get fails once, unretried: 3, not 9
        assertThat(requests("/down")).isEqualTo(3);
    }
}
