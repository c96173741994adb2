package dev.resilience.agent.metrics;

import dev.resilience.agent.instrument.Site;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherTest {
    private final Fixture fixture = new Fixture("""
              - name: svc
                match: { class: a.Client }
                retry: { maxAttempts: 3 }
                timeout: 1s
                circuitBreaker: { failureThreshold: 1 }
              - name: idle
                match: { class: a.Idle }
            """);
    private final Publisher publisher = fixture.publisher();
    private final SimpleMeterRegistry appRegistry = new SimpleMeterRegistry();

    @AfterEach
    void removeAppRegistry() {
        Metrics.removeRegistry(appRegistry);
        Metrics.globalRegistry.clear();
    }

    @Test
    void aScrapeShowsEveryMeterInThePrometheusTextFormat() throws IOException {
        Site site = fixture.site("svc", "a.Client", "get");
        site.stats().successes.add(3);
        site.stats().failures.add(2);
        site.stats().timedOutCalls.add(1);
        site.stats().retries.add(4);
        site.stats().timedCalls.add(5);
        site.stats().durationNanos.add(2_500_000_000L);
        site.binding().breaker().breaker().onFailure(0, new IOException("down"));

        String text = publisher.scrape(PrometheusEndpoint.TEXT);

        String get = "method=\"a.Client#get(java.lang.String)\"";
        assertThat(text)
                .contains("# TYPE resilience_calls_total counter")
                .contains("resilience_calls_total{" + get + ",outcome=\"success\",rule=\"svc\"} 3.0")
                .contains("resilience_calls_total{" + get + ",outcome=\"failure\",rule=\"svc\"} 1.0")
                .contains("resilience_calls_total{" + get + ",outcome=\"timeout\",rule=\"svc\"} 1.0")
                .contains("resilience_retry_attempts_total{" + get + ",rule=\"svc\"} 4.0")
                .contains("resilience_call_duration_seconds_count{" + get + ",rule=\"svc\"} 5")
                .contains("resilience_call_duration_seconds_sum{" + get + ",rule=\"svc\"} 2.5")
                .contains("resilience_circuitbreaker_state{rule=\"svc\",state=\"OPEN\"} 1.0")
                .contains("resilience_circuitbreaker_transitions_total{from=\"CLOSED\",rule=\"svc\",to=\"OPEN\"} 1.0")
                .contains("resilience_agent_errors_total{method=\"\",rule=\"\"} "); // agent-wide: other tests may count
    }

    @Test
    void methodsInstrumentedAfterTheFirstScrapeAppearInTheNext() {
        fixture.site("svc", "a.Client", "get");
        assertThat(publisher.scrape(PrometheusEndpoint.TEXT)).doesNotContain("a.Client#put");

        fixture.site("svc", "a.Client", "put");

        assertThat(publisher.scrape(PrometheusEndpoint.TEXT)).contains("a.Client#put(java.lang.String)");
    }

    @Test
    void theOpenMetricsFormatIsServedOnRequest() {
        fixture.site("svc", "a.Client", "get");

        assertThat(publisher.scrape(PrometheusEndpoint.OPEN_METRICS)).contains("# TYPE resilience_calls counter").endsWith("# EOF\n");
    }

    @Test
    void theApplicationsGlobalRegistryGetsTheMetersAlreadyThereAndThoseThatComeLater() throws Exception {
        Metrics.addRegistry(appRegistry);
        Site get = fixture.site("svc", "a.Client", "get");
        get.stats().successes.add(2);
        publisher.bridge(getClass().getClassLoader());

        Site put = fixture.site("svc", "a.Client", "put");
        put.stats().rejections.increment();
        publisher.publish();

        assertThat(appRegistry.get(MeterNames.CALLS).tags("method", "a.Client#get(java.lang.String)", "outcome", "success")
                .functionCounter().count()).isEqualTo(2);
        assertThat(appRegistry.get(MeterNames.REJECTIONS).tags("method", "a.Client#put(java.lang.String)")
                .functionCounter().count()).isEqualTo(1);
        assertThat(appRegistry.get(MeterNames.BREAKER_STATE).tags("state", "CLOSED").gauge().value()).isEqualTo(1);
        assertThat(appRegistry.get(MeterNames.CALL_DURATION).tags("method", "a.Client#get(java.lang.String)")
                .functionTimer().count()).isZero();
    }

    /** Contract, "Counting": rejections count every refused call, also one the fallback then served. */
    @Test
    void aRefusedCallServedByTheFallbackIsARejectionWhoseOutcomeIsTheFallback() {
        Site site = fixture.site("svc", "a.Client", "get");
        site.stats().rejections.add(1);        // refused, the caller got the rejection
        site.stats().refusedToFallback.add(2); // refused, the caller got the fallback
        site.stats().fallbacks.add(2);

        String text = publisher.scrape(PrometheusEndpoint.TEXT);

        String get = "method=\"a.Client#get(java.lang.String)\"";
        assertThat(text)
                .contains("resilience_rejections_total{" + get + ",rule=\"svc\"} 3.0")
                .contains("resilience_calls_total{" + get + ",outcome=\"rejected\",rule=\"svc\"} 1.0")
                .contains("resilience_calls_total{" + get + ",outcome=\"fallback\",rule=\"svc\"} 2.0");
        assertThat(publisher.summary()).startsWith("summary rule svc: successes=0 failures=0 retryAttempts=0 timeouts=0"
                + " breakerOpens=0 breakerResets=0 rejections=3 fallbacks=2 agentErrors=0 breaker=CLOSED");
    }

    /** Issue 4: "at JVM shutdown, one summary line per rule with the six figures". */
    @Test
    void theSummaryHasOneLinePerRuleInPolicyOrderCallsOrNot() {
        fixture.site("svc", "a.Client", "get").stats().successes.add(2);
        fixture.site("idle", "a.Idle", "get");

        assertThat(publisher.summary()).containsExactly(
                "summary rule svc: successes=2 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=CLOSED",
                "summary rule idle: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=CLOSED");
    }

    @Test
    void withoutCallsEveryRuleStillHasItsLineOfZeros() {
        assertThat(publisher.summary()).containsExactly(
                "summary rule svc: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=CLOSED",
                "summary rule idle: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=CLOSED");
    }

    /** A reload that removed a rule: its figures are still summarized if it had calls, after the rules in force. */
    @Test
    void aRuleNoLongerInForceIsSummarizedOnlyWhenItHadCalls() {
        fixture.site("svc", "a.Client", "get").stats().failures.add(1);
        fixture.site("idle", "a.Idle", "get");
        Fixture reloaded = new Fixture("""
                  - name: fresh
                    match: { class: a.Fresh }
                  - name: plain
                    match: { class: a.Plain }
                    circuitBreaker: off
                """);
        Publisher afterReload = new Publisher(fixture::sites, () -> reloaded.installed, fixture.transitions);

        assertThat(afterReload.summary()).containsExactly(
                "summary rule fresh: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=CLOSED",
                "summary rule plain: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0",
                "summary rule svc: successes=0 failures=1 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0");
    }

    /** A run that ends with a circuit open, or a rule only observing, says so in its last lines. */
    @Test
    void theSummaryEndsWithTheBreakersStateAndAnObservingRulesMode() {
        Fixture observing = new Fixture("""
                  - name: svc
                    match: { class: a.Client }
                    circuitBreaker: { failureThreshold: 1 }
                  - name: watched
                    mode: observe
                    match: { class: a.Watched }
                    circuitBreaker: { failureThreshold: 1, scope: method }
                """);
        observing.site("svc", "a.Client", "get").binding().breaker().breaker().onFailure(0, new IOException("down"));
        observing.site("watched", "a.Watched", "get");
        observing.site("watched", "a.Watched", "put").binding().breaker().breaker().onFailure(0, new IOException("down"));

        assertThat(observing.publisher().summary()).containsExactly(
                "summary rule svc: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=1 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=OPEN",
                "summary rule watched: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=1 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=OPEN mode=observe");
    }
}
