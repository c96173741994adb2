package dev.resilience.agent.core;

import dev.resilience.agent.policy.BulkheadSettings;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code maxConcurrent} calls at once. Thread-safe.
 *
 * <p>A caller that does not wait takes a free place even while others wait for one (it barges);
 * callers that wait are served in arrival order. Every successful {@link #tryAcquire(long)} must be
 * matched by exactly one {@link #release()}: an extra release would raise the limit for good.
 *
 * <p>A reload that changes a rule hands its bulkhead's places on to the new one ({@link #succeeding}):
 * calls in flight keep theirs and count against the new limit, which a fresh bulkhead would let
 * new calls exceed (audit: a reload that changed only a retry delay doubled the concurrency).
 */
public final class Bulkhead {

    private final int maxConcurrent;
    private final long maxWaitNanos;
    private final Places places;

    /** The places, shared by a bulkhead and those that succeed it; may go below zero after a limit is lowered. */
    private static final class Places extends Semaphore {
        /** The limit the places were last set to, by the latest bulkhead made on them. Guarded by this. */
        int limit;

        Places(int permits) {
            super(permits, true);
            this.limit = permits;
        }

        void reduce(int permits) {
            reducePermits(permits);
        }
    }

    private Bulkhead(int maxConcurrent, long maxWaitNanos, Places places) {
        this.maxConcurrent = maxConcurrent;
        this.maxWaitNanos = maxWaitNanos;
        this.places = places;
    }

    /**
     * @throws NullPointerException     if settings or its maxWait is null
     * @throws IllegalArgumentException if maxConcurrent &lt; 1 or maxWait &lt; 0
     */
    public static Bulkhead of(BulkheadSettings settings) {
        check(settings);
        return new Bulkhead(settings.maxConcurrent(), settings.maxWait().toNanos(), new Places(settings.maxConcurrent()));
    }

    /**
     * The bulkhead of {@code settings} that takes over from this one (the same rule's, before a
     * reload): it shares this one's places, with as many more or fewer as the limit changed, so the
     * calls this one let in count against the new limit until they end. A limit lowered below the
     * calls in flight admits no call until enough have ended. Build it only once the reload is in
     * force: the places change at once, to the limit of the latest bulkhead made on them.
     */
    public Bulkhead succeeding(BulkheadSettings settings) {
        check(settings);
        synchronized (places) {
            int change = settings.maxConcurrent() - places.limit;
            if (change > 0) {
                places.release(change);
            } else if (change < 0) {
                places.reduce(-change);
            }
            places.limit = settings.maxConcurrent();
        }
        return new Bulkhead(settings.maxConcurrent(), settings.maxWait().toNanos(), places);
    }

    private static void check(BulkheadSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.maxWait(), "bulkhead.maxWait");
        if (settings.maxConcurrent() < 1) {
            throw new IllegalArgumentException("bulkhead.maxConcurrent must be >= 1, got " + settings.maxConcurrent());
        }
        if (settings.maxWait().isNegative()) {
            throw new IllegalArgumentException("bulkhead.maxWait must be >= 0, got " + settings.maxWait());
        }
    }

    /**
     * Takes a place, waiting up to {@code maxWaitNanos} for one.
     *
     * @param maxWaitNanos 0 (or less) to take a place only if one is free right now; the caller passes
     *                     {@link #maxWaitNanos()} or less when an outer deadline is closer
     * @return true when a place was taken
     * @throws InterruptedException if {@code maxWaitNanos > 0} and the thread is interrupted on entry or
     *                              while waiting (the interrupt flag is then cleared, as in
     *                              {@link Semaphore}); an attempt without waiting never throws
     */
    public boolean tryAcquire(long maxWaitNanos) throws InterruptedException {
        if (maxWaitNanos <= 0) {
            return places.tryAcquire();
        }
        return places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    }

    /** Gives a place back. */
    public void release() {
        places.release();
    }

    /** @return the places free right now (a snapshot; never below 0, also while calls let in under a higher limit run) */
    public int available() {
        return Math.max(0, places.availablePermits());
    }

    /** @return the configured limit */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** @return the configured {@code maxWait} in nanoseconds, possibly 0 */
    public long maxWaitNanos() {
        return maxWaitNanos;
    }

    @Override
    public String toString() {
        return "Bulkhead[" + available() + "/" + maxConcurrent + " free]";
    }
}
