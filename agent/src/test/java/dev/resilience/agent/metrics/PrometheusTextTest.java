package dev.resilience.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    /** The meters the agent publishes, with awkward label values, in any registry. */
    private static void register(MeterRegistry registry) {
        for (String outcome : new String[] {"success", "failure"}) {
            FunctionCounter.builder("resilience.calls", outcome, o -> o.equals("success") ? 3 : 1)
                    .description("Calls of a protected method").tags("rule", "svc", "method", "a.B#get(java.lang.String)",
                            "outcome", outcome).register(registry);
        }
        FunctionCounter.builder("resilience.retry.attempts", 7L, Long::doubleValue).description("Attempts after the first")
                .tags("rule", "odd", "method", "quote\" back\\slash\nline").register(registry);
        Gauge.builder("resilience.circuitbreaker.state", () -> 1).description("1 for the current state\\state")
                .tags("rule", "svc", "state", "OPEN").register(registry);
        Gauge.builder("resilience.circuitbreaker.state", () -> 0).description("1 for the current state\\state")
                .tags("rule", "svc", "state", "CLOSED").register(registry);
        FunctionTimer.builder("resilience.call.duration", 5L, Long::longValue, n -> 4_798_990_082.0, TimeUnit.NANOSECONDS)
                .description("Whole calls").tags("rule", "svc", "method", "a.B#get(java.lang.String)").register(registry);
        // a second method's timer: each label set's _count and _sum stay together (OpenMetrics requires it; audit)
        FunctionTimer.builder("resilience.call.duration", 2L, Long::longValue, n -> 1_500_000.0, TimeUnit.NANOSECONDS)
                .description("Whole calls").tags("rule", "svc", "method", "a.B#put(java.lang.String)").register(registry);
        FunctionCounter.builder("resilience.agent.errors", 0L, Long::doubleValue).description("Internal errors")
                .tags("rule", "", "method", "").register(registry);
    }

    @Test
    void writesWhatMicrometersPrometheusRegistryWritesForTheSameMeters() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        register(simple);
        register(prometheus);

        assertThat(PrometheusText.write(simple.getMeters(), false)).isEqualTo(prometheus.scrape());
        assertThat(PrometheusText.write(simple.getMeters(), true)).isEqualTo(prometheus.scrape(PrometheusEndpoint.OPEN_METRICS));
    }

    @Test
    void writesOpenMetricsWhenAsked() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        register(simple);

        String text = PrometheusText.write(simple.getMeters(), true);

        assertThat(text).contains("# TYPE resilience_calls counter\n")
                .contains("resilience_calls_total{method=\"a.B#get(java.lang.String)\",outcome=\"success\",rule=\"svc\"} 3.0\n")
                .contains("# TYPE resilience_call_duration_seconds summary\n")
                .endsWith("# EOF\n");
    }

    /** What Micrometer's registry refuses: one name, two label sets (breakers of scope rule and of scope method). */
    @Test
    void aFamilyMayMixLabelSets() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        Gauge.builder("resilience.circuitbreaker.state", () -> 1).tags("rule", "a", "state", "OPEN").register(simple);
        Gauge.builder("resilience.circuitbreaker.state", () -> 0)
                .tags("rule", "b", "method", "X#y()", "state", "OPEN").register(simple);

        assertThat(PrometheusText.write(simple.getMeters(), false)).contains(
                "resilience_circuitbreaker_state{method=\"X#y()\",rule=\"b\",state=\"OPEN\"} 0.0\n"
                        + "resilience_circuitbreaker_state{rule=\"a\",state=\"OPEN\"} 1.0\n");
    }
}
