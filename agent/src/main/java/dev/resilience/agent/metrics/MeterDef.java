package dev.resilience.agent.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One meter the agent publishes, independent of any registry: kind, name, tags and how to read it.
 * Every registry it is bound to (the agent's own Prometheus registry, the application's Micrometer)
 * reads the same definition through function meters, so publishing costs the hot path nothing:
 * the counters are the {@code CallStats} the calls already keep. Thread-safe.
 */
final class MeterDef {
    enum Kind { COUNTER, GAUGE, TIMER }

    private final Kind kind;
    private final String name;
    private final String description;
    private final String[] tags;
    private final LongSupplier reading;
    private final LongSupplier totalNanos;
    private final AtomicLong highest = new AtomicLong();

    private MeterDef(Kind kind, String name, String description, String[] tags, LongSupplier reading,
                     LongSupplier totalNanos) {
        this.kind = kind;
        this.name = name;
        this.description = description;
        this.tags = tags;
        this.reading = reading;
        this.totalNanos = totalNanos;
    }

    /**
     * A counter. What it reports never goes down, even when its reading briefly does (two adders
     * read one after the other, a retry taken back when the caller is interrupted): Prometheus
     * would take a dip for a counter reset.
     */
    static MeterDef counter(String name, String description, String[] tags, LongSupplier reading) {
        return new MeterDef(Kind.COUNTER, name, description, tags, reading, null);
    }

    static MeterDef gauge(String name, String description, String[] tags, LongSupplier reading) {
        return new MeterDef(Kind.GAUGE, name, description, tags, reading, null);
    }

    /** A timer that reads a count of calls and their total duration in nanoseconds. */
    static MeterDef timer(String name, String description, String[] tags, LongSupplier count, LongSupplier totalNanos) {
        return new MeterDef(Kind.TIMER, name, description, tags, count, totalNanos);
    }

    Kind kind() {
        return kind;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    /** Tag keys and values, alternating; a copy. */
    String[] tags() {
        return tags.clone();
    }

    /** The value of a counter or gauge. */
    double value() {
        long now = reading.getAsLong();
        if (kind != Kind.COUNTER) {
            return now;
        }
        return highest.accumulateAndGet(Math.max(now, 0), Math::max);
    }

    /** A timer's count of calls. */
    long count() {
        return reading.getAsLong();
    }

    /** A timer's total duration in nanoseconds. */
    double totalNanos() {
        return totalNanos.getAsLong();
    }

    /** Tags as {@code key=value} strings, for messages and tests. */
    List<String> tagList() {
        String[] pairs = new String[tags.length / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = tags[2 * i] + "=" + tags[2 * i + 1];
        }
        return Arrays.asList(pairs);
    }

    @Override
    public String toString() {
        return name + tagList();
    }
}
