package dev.resilience.agent.core;

import static dev.resilience.agent.core.CircuitBreaker.UNBOUNDED;

/**
 * When a {@link StateMachineBreaker} takes a HALF_OPEN trial for lost: how long it may stay counted,
 * and from when it is judged. Immutable, so that a call reads both at once while a reload replaces
 * them. Thread-safe.
 */
final class TrialLimit {
    /** The longest finite time a trial may stay counted the breaker was ever given; 0 before any. */
    private final long longestNanos;
    /** True while the rule's trials have no time limit (no timeout): none is taken for lost. */
    private final boolean unbounded;
    /**
     * When the limit last became finite ({@link NanoClock} time), the breaker's creation if it always
     * was: a trial that started earlier may have run with no timeout, and is judged as if it had
     * started then.
     */
    private final long boundedSince;

    private TrialLimit(long longestNanos, boolean unbounded, long boundedSince) {
        this.longestNanos = longestNanos;
        this.unbounded = unbounded;
        this.boundedSince = boundedSince;
    }

    /** A new breaker's: {@code lostAfterNanos}, or {@link CircuitBreaker#UNBOUNDED}. */
    static TrialLimit of(long lostAfterNanos, long now) {
        boolean unbounded = lostAfterNanos == UNBOUNDED;
        return new TrialLimit(unbounded ? 0 : lostAfterNanos, unbounded, now);
    }

    /**
     * After a reload that gives trials {@code lostAfterNanos}: never a shorter time than before, even
     * through a spell without a timeout, since calls may still run under the old limits. Trials that
     * started while there was none get the time from {@code now}: no reload can bound them sooner.
     */
    TrialLimit allowing(long lostAfterNanos, long now) {
        if (lostAfterNanos == UNBOUNDED) {
            return new TrialLimit(longestNanos, true, boundedSince);
        }
        return new TrialLimit(Math.max(longestNanos, lostAfterNanos), false, unbounded ? now : boundedSince);
    }

    /**
     * True when the trials still counted, the last of which started {@code sinceLastStart} before
     * {@code now}, have all run longer than any trial can: none will end.
     */
    boolean lost(long sinceLastStart, long now) {
        return !unbounded && sinceLastStart >= longestNanos && now - boundedSince >= longestNanos;
    }
}
