package dev.resilience.agent.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * The figures the contract counts for one instrumented method ("Counting"): calls by how they
 * ended, attempts after the first, attempts that timed out, fallbacks served and the agent's own
 * errors. Striped or per-thread counters, so two threads calling one method do not fight over a cache line.
 * Rule-level figures are the sum over the rule's methods. Thread-safe.
 */
public final class CallStats {
    /** {@code Class#method(params)}, or null (tests): named where a breaker the rule's methods share opens. */
    public final String method;
    /** Per thread: counted on every successful call, where a shared atomic would cost most. */
    public final PerThreadCounter successes = new PerThreadCounter();
    public final LongAdder failures = new LongAdder();
    /**
     * The calls among {@link #failures} whose last attempt timed out (the "timeout" outcome of the
     * {@code resilience.calls} meter). Incremented just before {@link #failures}, so that reading
     * {@code failures} first and this second never makes {@code failures - timedOutCalls} too high.
     */
    public final LongAdder timedOutCalls = new LongAdder();
    /** Calls refused (open circuit, full bulkhead, busy timeout workers) whose caller got the refusal: the "rejected" outcome. */
    public final LongAdder rejections = new LongAdder();
    /**
     * Calls refused like {@link #rejections} whose caller got the fallback instead: their outcome is
     * a fallback (they are among {@link #fallbacks} too), but the contract counts every refused call
     * as a rejection, whatever the caller got.
     */
    public final LongAdder refusedToFallback = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder timeouts = new LongAdder();
    public final LongAdder fallbacks = new LongAdder();
    public final LongAdder agentErrors = new LongAdder();
    /** Sum and count of whole-call durations, for the call-duration timer. */
    public final LongAdder durationNanos = new LongAdder();
    public final LongAdder timedCalls = new LongAdder();

    /** @param method {@code Class#method(params)}, or null */
    public CallStats(String method) {
        this.method = method;
    }

    /** Figures of no named method (tests). */
    public CallStats() {
        this(null);
    }

    /** A call refused (open circuit, full bulkhead, busy timeout workers): a rejection, and a fallback when the caller got one. */
    void countRefused(boolean toFallback) {
        if (toFallback) {
            refusedToFallback.increment();
            fallbacks.increment();
        } else {
            rejections.increment();
        }
    }

    /**
     * A call whose fallback was due: a fallback once {@code served} (and a rejection too when
     * {@code refused}); else what it would have been without one, a rejection or a failure.
     */
    void countFallback(boolean refused, boolean served, boolean lastAttemptTimedOut) {
        if (refused) {
            countRefused(served);
        } else if (served) {
            fallbacks.increment();
        } else {
            countFailure(lastAttemptTimedOut);
        }
    }

    /** A failed call; one whose last attempt timed out is also a timed-out call (counted first, see {@link #timedOutCalls}). */
    void countFailure(boolean lastAttemptTimedOut) {
        if (lastAttemptTimedOut) {
            timedOutCalls.increment();
        }
        failures.increment();
    }
}
