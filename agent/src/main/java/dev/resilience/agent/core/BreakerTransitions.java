package dev.resilience.agent.core;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts a breaker's opens (transitions to OPEN) and resets (HALF_OPEN to CLOSED) as the contract
 * defines them, and hands one human-readable line per transition to the log. Thread-safe.
 */
public final class BreakerTransitions implements CircuitBreaker.TransitionListener {
    private final String label;
    private final Consumer<String> log;
    private final TransitionSink sink;
    private final String note;
    public final LongAdder opens = new LongAdder();
    public final LongAdder resets = new LongAdder();
    /** Set once a reload replaced the breaker: it may still decide calls in flight, but it is no longer the rule's. */
    private volatile boolean retired;

    /** Receives every transition, e.g. for metrics; may be {@link #NONE}. */
    public interface TransitionSink {
        void onTransition(String label, CircuitBreaker.State from, CircuitBreaker.State to);
    }

    public static final TransitionSink NONE = new NoSink();

    /** {@link #NONE}'s class: named, not a lambda, as it is loaded in {@code premain}. */
    private static final class NoSink implements TransitionSink {
        @Override
        public void onTransition(String label, CircuitBreaker.State from, CircuitBreaker.State to) {
            // counted nowhere
        }
    }

    /** @param label the rule name, or {@code rule Class#method} for method-scoped breakers */
    public BreakerTransitions(String label, Consumer<String> log, TransitionSink sink) {
        this(label, log, sink, false);
    }

    /**
     * @param observed the rule is in {@code mode: observe}: each line says that no call is refused,
     *                 or an operator reading "OPEN" would look for rejections that never happen
     */
    public BreakerTransitions(String label, Consumer<String> log, TransitionSink sink, boolean observed) {
        this.label = label;
        this.log = log;
        this.sink = sink;
        this.note = observed ? " [mode: observe, no call is refused]" : "";
    }

    /**
     * A reload replaced the breaker by a new one: its later transitions (a trial in flight failing) are
     * neither logged nor counted, since the breaker in force never made them (audit: the log showed a
     * HALF_OPEN -> OPEN, and the opens counter grew, while the rule's breaker stayed CLOSED).
     */
    public void retire() {
        retired = true;
    }

    @Override
    public void onTransition(CircuitBreaker.State from, CircuitBreaker.State to, String reason) {
        if (retired) {
            return;
        }
        if (to == CircuitBreaker.State.OPEN) {
            opens.increment();
        } else if (from == CircuitBreaker.State.HALF_OPEN && to == CircuitBreaker.State.CLOSED) {
            resets.increment();
        }
        String line = "breaker " + label + " " + from + " -> " + to + " (" + reason + ")" + note;
        // An outage begins: calls are refused from now on (not under observe, nor when an operator forced it,
        // which the operator's own line at WARN says). The rest of an outage's transitions are routine.
        if (from == CircuitBreaker.State.CLOSED && to == CircuitBreaker.State.OPEN && note.isEmpty()
                && !StateMachineBreaker.BY_OPERATOR.equals(reason) && log instanceof TransitionLog levels) {
            levels.opened(line);
        } else {
            log.accept(line);
        }
        sink.onTransition(label, from, to);
    }

    @Override
    public void onCarriedOver(CircuitBreaker.State state, String reason) {
        if (retired) {
            return;
        }
        log.accept("breaker " + label + " starts FORCED_" + state + " (" + reason + ")" + note);
    }

    public String label() {
        return label;
    }
}
