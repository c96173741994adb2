package dev.resilience.agent.it;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OnStatusIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: jdk
                match: { class: testapp.JdkClient, methods: [get, getAsync] }
                retry: { maxAttempts: 3, delay: 100ms, maxDelay: 1s, onStatus: [429, 503] }
                timeout: off
                circuitBreaker: off
              - name: apache
                match: { class: testapp.ApacheClient }
                retry: { maxAttempts: 3, delay: 20ms, onStatus: [503] }
                timeout: 5s
                circuitBreaker: { failureThreshold: 8, openDuration: 30s }
              - name: okhttp
                match: { class: testapp.OkClient }
                retry: { maxAttempts: 2, delay: 20ms, maxDelay: 5s, onStatus: [429] }
                timeout: off
                circuitBreaker: off
            """;

    /** The jars of the two client libraries, for the forked application's class path. */
    private static List<Path> libraries() {
        return Stream.of(CloseableHttpClient.class, ClassicHttpResponse.class, org.apache.hc.core5.http2.HttpVersionPolicy.class,
                        org.slf4j.Logger.class,
                        okhttp3.OkHttpClient.class, okio.Okio.class, kotlin.Unit.class)
                .map(OnStatusIT::jarOf).distinct().toList();
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ForkedApp.Result run(String... steps) {
        String[] args = Stream.concat(Stream.of(base()), Stream.of(steps)).toArray(String[]::new);
        return ForkedApp.run(ForkedApp.policy(POLICY), List.of(), libraries(), "testapp.Scenario", args);
    }

    /** When WireMock received each request to the path, in order (milliseconds). */
    private List<Long> received(String path) {
        return wireMock.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(path))
                .map(ServeEvent::getRequest).map(r -> r.getLoggedDate().getTime()).sorted().toList();
    }

    @Test
    void javaNetHttpResponsesAreRetriedOnListedStatusesHonouringRetryAfterAndTheLastResponseIsReturnedAsIs() {
        sequence("/warm-up", status(503), status(200));
        sequence("/limited", status(429).withHeader("Retry-After", "1"), status(200));
        sequence("/unavailable", status(503), status(200));
        stub("/down", status(503));
        String anHourAhead = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusHours(1));
        sequence("/later", status(503).withHeader("Retry-After", anHourAhead), status(200));
        stub("/missing", status(404));

        // the first retry in a fresh JVM also pays for loading and compiling the retry path: not timed
        ForkedApp.Result result = run("jdk.get:/warm-up", "jdk.get:/unavailable", "jdk.get:/limited", "jdk.get:/down",
                "jdk.get:/later", "jdk.get:/missing", "stats");

        assertThat(result.call(2).value()).as(result.toString()).isEqualTo("HTTP 200 status 200");
        assertThat(received("/unavailable")).hasSize(2);
        assertThat(received("/unavailable").get(1) - received("/unavailable").get(0)).as("delay 100ms").isBetween(100L, 900L);

        assertThat(result.call(3).value()).isEqualTo("HTTP 200 status 200");
        assertThat(received("/limited")).hasSize(2);
        long waited = received("/limited").get(1) - received("/limited").get(0);
        assertThat(waited).as("Retry-After: 1").isBetween(1000L, 3000L);

        // attempts run out: the caller gets the last 503 itself, not an exception
        assertThat(result.call(4).ok()).isTrue();
        assertThat(result.call(4).value()).isEqualTo("HTTP 503 status 503");
        assertThat(requests("/down")).isEqualTo(3);

        // an HTTP date an hour ahead is capped by maxDelay (1s)
        assertThat(result.call(5).value()).isEqualTo("HTTP 200 status 200");
        long capped = received("/later").get(1) - received("/later").get(0);
        assertThat(capped).as("Retry-After an hour ahead, maxDelay 1s").isBetween(1000L, 3000L);

        // a status not listed is an ordinary response
        assertThat(result.call(6).value()).isEqualTo("HTTP 404 status 404");
        assertThat(requests("/missing")).isEqualTo(1);

        assertThat(result.stats("testapp.JdkClient#get(java.lang.String)"))
                .containsEntry("successes", 5L)    // warm-up, /unavailable, /limited, /later, /missing (404 is not listed)
                .containsEntry("failures", 1L)     // /down: retries ran out; counted although a response came back
                .containsEntry("retries", 1L + 1 + 1 + 2 + 1);
    }

    /**
     * Contract: methods returning a future "get the same policy asynchronously", onStatus included.
     * Audit: a future of a response ({@code sendAsync}) was not inspected: one request, the 503
     * counted as a success.
     */
    @Test
    void aFutureOfAResponseIsRetriedOnListedStatusesAndTheLastResponseIsReturnedAsIs() {
        sequence("/unavailable", status(503), status(200));
        stub("/down", status(503));

        ForkedApp.Result result = run("jdk.getAsync:/unavailable", "jdk.getAsync:/down", "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("HTTP 200 status 200");
        assertThat(requests("/unavailable")).isEqualTo(2);
        assertThat(result.call(2).ok()).isTrue();
        assertThat(result.call(2).value()).isEqualTo("HTTP 503 status 503");
        assertThat(requests("/down")).isEqualTo(3);
        assertThat(result.stats("testapp.JdkClient#getAsync(java.lang.String)"))
                .containsEntry("successes", 1L).containsEntry("failures", 1L).containsEntry("retries", 3L);
    }

    @Test
    void apacheAndOkHttpResponsesAreReadReflectivelyDroppedOnesAreClosedAndStatusesCountForTheBreaker() {
        stub("/apache-down", status(503));
        sequence("/ok-limited", status(429).withHeader("Retry-After", "1"), status(200));

        ForkedApp.Result result = run("apache.get:/apache-down", "apache.get:/apache-down", "apache.get:/apache-down",
                "apache.get:/apache-down", "okhttp.get:/ok-limited", "stats");

        // 3 attempts each for calls 1 and 2, whose dropped responses were closed: with Apache's pool
        // of 5 per route, 5 unclosed ones would block the 8th request for good
        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("HTTP 503 status 503");
        assertThat(result.call(2).value()).isEqualTo("HTTP 503 status 503");
        // call 3: its 2nd attempt is the breaker's 8th failure; the retry is refused and the caller
        // gets that 503 response, not an exception
        assertThat(result.call(3).value()).isEqualTo("HTTP 503 status 503");
        assertThat(result.call(4).exception()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
        assertThat(requests("/apache-down")).isEqualTo(3 + 3 + 2);
        assertThat(result.stats("testapp.ApacheClient#get(java.lang.String)"))
                .containsEntry("failures", 3L).containsEntry("rejections", 1L).containsEntry("retries", 5L);

        assertThat(result.call(5).value()).isEqualTo("HTTP 200 status 200");
        assertThat(received("/ok-limited")).hasSize(2);
        assertThat(received("/ok-limited").get(1) - received("/ok-limited").get(0)).isBetween(1000L, 3000L);
        assertThat(result.stderr()).doesNotContain("internal error").doesNotContain("leaked");
    }

    /**
     * The retry after a failing status is refused because the only timeout worker is busy (another
     * rule's slow call took it during the backoff): the caller gets the failing response it would
     * have got once the retries ran out, not a rejection, and the response was not closed.
     */
    @Test
    void aRetryRefusedByBusyWorkersReturnsTheLastFailingResponse() {
        stub("/flaky", status(503).withBody("busy"));
        stub("/hold", status(200).withFixedDelay(3000));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: jdk
                    match: { class: testapp.JdkClient, methods: [get] }
                    retry: { maxAttempts: 3, delay: 2s, onStatus: [503] }
                    timeout: 10s
                    circuitBreaker: off
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: off
                    timeout: 10s
                    circuitBreaker: off
                """);

        // the first attempt has a second to end; the retry comes at 2 s, while /hold keeps the worker until 4 s
        ForkedApp.Result result = ForkedApp.run(policy, List.of("-Dresilience.timeout.maxThreads=1"), List.of(),
                "testapp.Scenario", base(), "background:1000:legacy.get:/hold", "jdk.get:/flaky", "stats");

        assertThat(result.call(2).value()).as(result.toString()).isEqualTo("HTTP 503 busy");
        assertThat(requests("/flaky")).isEqualTo(1);
        assertThat(result.stats("testapp.JdkClient#get(java.lang.String)"))
                .containsEntry("failures", 1L).containsEntry("rejections", 0L).containsEntry("retries", 0L);
        assertThat(result.call(1).value()).as("the call that held the worker").isEqualTo("status 200");
    }
}
