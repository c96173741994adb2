package dev.resilience.agent.metrics;

import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.core.CircuitBreaker.State;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts breaker transitions by breaker label and (from, to) pair, for the transitions meter, the
 * MBeans and the shutdown summary. Installed as every rule's {@link BreakerTransitions.TransitionSink},
 * so it counts from the first call on, whether or not metrics are read; counts are kept by label, so
 * they survive a policy reload that rebuilds the breaker. Transitions are rare: the first one of a
 * breaker allocates its counters. Thread-safe.
 */
public final class TransitionCounter implements BreakerTransitions.TransitionSink {
    private static final int STATES = State.values().length;

    private final ConcurrentMap<String, LongAdder[]> byLabel = new ConcurrentHashMap<>();

    @Override
    public void onTransition(String label, State from, State to) {
        try {
            counts(label)[from.ordinal() * STATES + to.ordinal()].increment();
        } catch (RuntimeException | Error ignored) {
            // never fail the breaker's caller over a count (out of memory at worst)
        }
    }

    /** Transitions of breaker {@code label} from {@code from} to {@code to} so far. */
    public long count(String label, State from, State to) {
        LongAdder[] counts = byLabel.get(label);
        return counts == null ? 0 : counts[from.ordinal() * STATES + to.ordinal()].sum();
    }

    /** Transitions to OPEN: the breaker's opens. */
    public long opens(String label) {
        long opens = 0;
        for (State from : State.values()) {
            if (from != State.OPEN) {
                opens += count(label, from, State.OPEN);
            }
        }
        return opens;
    }

    /** Transitions from HALF_OPEN to CLOSED: the breaker's resets. */
    public long resets(String label) {
        return count(label, State.HALF_OPEN, State.CLOSED);
    }

    private LongAdder[] counts(String label) {
        LongAdder[] counts = byLabel.get(label);
        if (counts == null) {
            counts = byLabel.computeIfAbsent(label, key -> {
                LongAdder[] fresh = new LongAdder[STATES * STATES];
                for (int i = 0; i < fresh.length; i++) {
                    fresh[i] = new LongAdder();
                }
                return fresh;
            });
        }
        return counts;
    }
}
