package dev.resilience.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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

    /** The registry behind the Prometheus endpoint, written out by {@link PrometheusText}. */
    static OwnRegistrySink prometheus() {
        return new OwnRegistrySink(new SimpleMeterRegistry(), "the Prometheus endpoint");
    }

    /** The exposition in {@code contentType} ({@link PrometheusEndpoint#TEXT} or {@link PrometheusEndpoint#OPEN_METRICS}). */
    String scrape(String contentType) {
        return PrometheusText.write(registry.getMeters(), contentType.equals(PrometheusEndpoint.OPEN_METRICS));
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
