package dev.resilience.agent.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.resilience.agent.instrument.Site;
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

    /**
     * Audit: a reload that changed a rule's scope left the application's registry with the old shape of
     * breaker meters, which made it refuse every new one: no live breaker state until a restart.
     */
    @Test
    void aReloadChangingABreakersScopeKeepsTheApplicationsRegistryLive() {
        Metrics.addRegistry(appRegistry);
        String wholeRule = """
                  - name: shared
                    match: { class: a.Shared }
                    circuitBreaker: { failureThreshold: 2 }
                """;
        Fixture fixture = new Fixture(wholeRule);
        Publisher publisher = fixture.publisher();
        Site site = fixture.site("shared", "a.Shared", "get");
        publisher.bridge(getClass().getClassLoader());
        assertThat(appRegistry.scrape()).contains("resilience_circuitbreaker_state{rule=\"shared\",state=\"CLOSED\"} 1.0");

        fixture.reload(wholeRule.replace("failureThreshold: 2 }", "failureThreshold: 2, scope: method }"));
        fixture.rebind(site, "shared");
        fixture.runtime("shared").breakerFor(site.qualifiedName()).breaker().forceOpen();
        publisher.publish();

        assertThat(appRegistry.scrape())
                .contains("resilience_circuitbreaker_state{method=\"a.Shared#get(java.lang.String)\",rule=\"shared\","
                        + "state=\"FORCED_OPEN\"} 1.0")
                .contains("resilience_circuitbreaker_state{method=\"\",rule=\"shared\",state=\"CLOSED\"} 0.0");
    }

    @Test
    void aReloadChangingScopeFromMethodToRuleKeepsTheApplicationsRegistryLive() {
        Metrics.addRegistry(appRegistry);
        String perMethod = """
                  - name: shared
                    match: { class: a.Shared }
                    circuitBreaker: { failureThreshold: 2, scope: method }
                """;
        Fixture fixture = new Fixture(perMethod);
        Publisher publisher = fixture.publisher();
        Site site = fixture.site("shared", "a.Shared", "get");
        publisher.bridge(getClass().getClassLoader());

        fixture.reload(perMethod.replace(", scope: method }", " }"));
        fixture.rebind(site, "shared");
        fixture.runtime("shared").ruleBreaker().breaker().forceOpen();
        publisher.publish();

        assertThat(appRegistry.scrape())
                .contains("resilience_circuitbreaker_state{method=\"\",rule=\"shared\",state=\"FORCED_OPEN\"} 1.0")
                .contains("resilience_circuitbreaker_state{method=\"a.Shared#get(java.lang.String)\",rule=\"shared\","
                        + "state=\"CLOSED\"} 0.0");
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
