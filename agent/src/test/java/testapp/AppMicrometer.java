package testapp;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The application's own Micrometer (unrelocated, from its class path), used the way Spring Boot
 * does: a registry added to {@link Metrics#globalRegistry}. Loaded only by the micrometer steps.
 */
final class AppMicrometer {
    private AppMicrometer() {
    }

    /** Adds a registry to the global one and prints {@code MICROMETER <jar>}. */
    static void init() {
        Metrics.addRegistry(new SimpleMeterRegistry());
        System.out.println("MICROMETER " + Metrics.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    /**
     * Waits (up to 20 s) until the global registry holds the agent's meters of {@code rule}, its
     * breaker's included, then prints {@code METER <name> <k=v,...> <statistic>=<value> ...} for every
     * {@code resilience.*} meter.
     */
    static void print(String rule) throws InterruptedException {
        long giveUp = System.nanoTime() + 20_000_000_000L;
        while (Metrics.globalRegistry.find("resilience.circuitbreaker.transitions").tag("rule", rule).meters().size() < 5) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("the agent's meters of rule " + rule + " are not in Metrics.globalRegistry");
            }
            Thread.sleep(20);
        }
        List<Meter> meters = Metrics.globalRegistry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("resilience."))
                .sorted(Comparator.comparing(meter -> meter.getId().toString()))
                .toList();
        for (Meter meter : meters) {
            String tags = meter.getId().getTags().stream().map(tag -> tag.getKey() + "=" + tag.getValue())
                    .collect(Collectors.joining(";"));
            String values = StreamSupport.stream(meter.measure().spliterator(), false)
                    .map(m -> m.getStatistic() + "=" + m.getValue()).collect(Collectors.joining(" "));
            System.out.println("METER " + meter.getId().getName() + " " + tags + " " + values);
        }
    }
}
