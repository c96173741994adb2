package dev.resilience.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.TimeUnit;

/**
 * Binds meters to a registry of the agent's own Micrometer (relocated inside the agent jar), e.g.
 * the registry behind the Prometheus endpoint. Function meters only: reading happens at scrape
 * time. Thread-safe as the registry is.
 */
final class OwnRegistrySink implements MeterSink {
    private final MeterRegistry registry;
    private final String description;

    OwnRegistrySink(MeterRegistry registry, String description) {
        this.registry = registry;
        this.description = description;
    }

    /** A Prometheus registry, for the endpoint. */
    static OwnRegistrySink prometheus() {
        return new OwnRegistrySink(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "the Prometheus endpoint");
    }

    /** The exposition in {@code contentType}, for a registry made by {@link #prometheus()}. */
    String scrape(String contentType) {
        return ((PrometheusMeterRegistry) registry).scrape(contentType);
    }

    @Override
    public boolean bind(MeterDef meter) {
        switch (meter.kind()) {
            case COUNTER -> FunctionCounter.builder(meter.name(), meter, MeterDef::value)
                    .description(meter.description()).tags(meter.tags()).register(registry);
            case GAUGE -> Gauge.builder(meter.name(), meter, MeterDef::value)
                    .description(meter.description()).tags(meter.tags()).register(registry);
            case TIMER -> FunctionTimer.builder(meter.name(), meter, MeterDef::count, MeterDef::totalNanos,
                    TimeUnit.NANOSECONDS).description(meter.description()).tags(meter.tags()).register(registry);
        }
        return true;
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public String describe() {
        return description;
    }
}
