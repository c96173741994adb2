package dev.resilience.agent.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract, "Counting": "Breaker meters carry the rule tag, and method too only under scope: method". */
class BreakerScopeTagsTest {
    private static final String MIXED = """
              - name: shared
                match: { class: a.Shared }
                circuitBreaker: { failureThreshold: 2 }
              - name: own
                match: { class: a.Own }
                circuitBreaker: { failureThreshold: 2, scope: method }
            """;
    private final PrometheusMeterRegistry appRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void removeAppRegistry() {
        Metrics.removeRegistry(appRegistry);
        Metrics.globalRegistry.clear();
    }

    @Test
    void theEndpointTagsAWholeRuleBreakerWithItsRuleAloneAndAMethodsBreakerWithItsMethod() {
        Fixture fixture = new Fixture(MIXED);
        fixture.site("shared", "a.Shared", "get");
        fixture.site("own", "a.Own", "get");

        String text = fixture.publisher().scrape(PrometheusEndpoint.TEXT);

        assertThat(text).contains("resilience_circuitbreaker_state{rule=\"shared\",state=\"CLOSED\"} 1.0")
                .contains("resilience_circuitbreaker_state{method=\"a.Own#get(java.lang.String)\",rule=\"own\",state=\"CLOSED\"} 1.0")
                .contains("resilience_circuitbreaker_transitions_total{from=\"CLOSED\",rule=\"shared\",to=\"OPEN\"} 0.0")
                .doesNotContain("method=\"\",rule=\"shared\"");
    }

    /**
     * An application's Prometheus registry (Spring Boot's) refuses one name with two sets of tag keys:
     * with breakers of both scopes, the whole-rule breaker's meters carry an empty method there.
     */
    @Test
    void theApplicationsPrometheusRegistryGetsEveryBreakerWhenAPolicyMixesScopes() {
        Metrics.addRegistry(appRegistry);
        Fixture fixture = new Fixture(MIXED);
        Publisher publisher = fixture.publisher();
        fixture.site("shared", "a.Shared", "get");
        fixture.site("own", "a.Own", "get");

        publisher.bridge(getClass().getClassLoader());

        assertThat(appRegistry.scrape())
                .contains("resilience_circuitbreaker_state{method=\"\",rule=\"shared\",state=\"CLOSED\"} 1.0")
                .contains("resilience_circuitbreaker_state{method=\"a.Own#get(java.lang.String)\",rule=\"own\",state=\"CLOSED\"} 1.0");
    }

    @Test
    void withOneScopeOnlyTheApplicationsRegistryHasNoEmptyMethodTag() {
        Metrics.addRegistry(appRegistry);
        Fixture fixture = new Fixture("""
                  - name: shared
                    match: { class: a.Shared }
                    circuitBreaker: { failureThreshold: 2 }
                """);
        Publisher publisher = fixture.publisher();
        fixture.site("shared", "a.Shared", "get");

        publisher.bridge(getClass().getClassLoader());

        assertThat(appRegistry.scrape()).contains("resilience_circuitbreaker_state{rule=\"shared\",state=\"CLOSED\"} 1.0")
                .doesNotContain("method=\"\",rule=\"shared\"");
    }
}
