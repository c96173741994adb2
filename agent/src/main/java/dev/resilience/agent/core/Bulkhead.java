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
 */
public final class Bulkhead {

    private final int maxConcurrent;
    private final long maxWaitNanos;
    private final Semaphore places;

    private Bulkhead(int maxConcurrent, long maxWaitNanos) {
        this.maxConcurrent = maxConcurrent;
        this.maxWaitNanos = maxWaitNanos;
        this.places = new Semaphore(maxConcurrent, true);
    }

    /**
     * @throws NullPointerException     if settings or its maxWait is null
     * @throws IllegalArgumentException if maxConcurrent &lt; 1 or maxWait &lt; 0
     */
    public static Bulkhead of(BulkheadSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.maxWait(), "bulkhead.maxWait");
        if (settings.maxConcurrent() < 1) {
            throw new IllegalArgumentException("bulkhead.maxConcurrent must be >= 1, got " + settings.maxConcurrent());
        }
        if (settings.maxWait().isNegative()) {
            throw new IllegalArgumentException("bulkhead.maxWait must be >= 0, got " + settings.maxWait());
        }
        return new Bulkhead(settings.maxConcurrent(), settings.maxWait().toNanos());
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

    /** @return the places free right now (a snapshot) */
    public int available() {
        return places.availablePermits();
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
