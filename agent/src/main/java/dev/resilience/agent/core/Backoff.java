package dev.resilience.agent.core;

import dev.resilience.agent.policy.RetrySettings;

import java.util.Arrays;
import java.util.Objects;

/**
 * The waits between retry attempts of one rule: {@code delay} before the 2nd attempt, each later
 * wait {@code multiplier} times the previous one, capped at {@code maxDelay}, then spread by
 * {@code jitter} uniformly over {@code [w*(1-j), w*(1+j)]} (still capped at {@code maxDelay}).
 *
 * <p>Immutable and thread-safe. The un-jittered waits are computed once, so
 * {@link #delayNanos(int, double)} is a table lookup and never allocates.
 */
public final class Backoff {

    /** Enough entries for any realistic maxAttempts; later retry numbers are computed on demand. */
    private static final int MAX_TABLE = 64;

    private final long[] waits;          // waits[i] = un-jittered wait before attempt i + 2
    private final boolean saturated;     // true when waits beyond the table equal its last entry
    private final double delayNanos;
    private final double multiplier;
    private final long maxDelayNanos;
    private final double jitter;

    private Backoff(long delayNanos, double multiplier, long maxDelayNanos, double jitter) {
        this.delayNanos = delayNanos;
        this.multiplier = multiplier;
        this.maxDelayNanos = maxDelayNanos;
        this.jitter = jitter;

        long[] table = new long[MAX_TABLE];
        int size = 0;
        double wait = delayNanos;
        boolean capped = false;
        while (size < MAX_TABLE) {
            if (wait >= maxDelayNanos) {
                table[size++] = maxDelayNanos;
                capped = true;
                break;
            }
            table[size++] = Math.round(wait);
            if (multiplier == 1.0) {
                break;
            }
            wait *= multiplier;
        }
        this.waits = Arrays.copyOf(table, size);
        this.saturated = capped || multiplier == 1.0;
    }

    /**
     * @throws NullPointerException     if settings or its delay / maxDelay is null
     * @throws IllegalArgumentException if delay &lt;= 0, maxDelay &lt; delay, multiplier &lt; 1 (or
     *                                  not finite), or jitter is outside [0, 1]
     */
    public static Backoff of(RetrySettings settings) {
        Objects.requireNonNull(settings, "settings");
        long delay = Objects.requireNonNull(settings.delay(), "retry.delay").toNanos();
        long maxDelay = Objects.requireNonNull(settings.maxDelay(), "retry.maxDelay").toNanos();
        if (delay <= 0) {
            throw new IllegalArgumentException("retry.delay must be > 0, got " + settings.delay());
        }
        if (maxDelay < delay) {
            throw new IllegalArgumentException("retry.maxDelay must be >= retry.delay (" + settings.delay()
                    + "), got " + settings.maxDelay());
        }
        double multiplier = settings.multiplier();
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("retry.multiplier must be a finite number >= 1, got " + multiplier);
        }
        double jitter = settings.jitter();
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("retry.jitter must be in [0, 1], got " + jitter);
        }
        return new Backoff(delay, multiplier, maxDelay, jitter);
    }

    /**
     * The wait before attempt {@code retryNumber + 1}.
     *
     * @param retryNumber 1 for the wait before the 2nd attempt, 2 before the 3rd, ...
     * @param uniform     a random number in [0, 1), used only when jitter &gt; 0
     * @return the wait in nanoseconds, never more than maxDelay
     * @throws IllegalArgumentException if retryNumber &lt; 1, or jitter &gt; 0 and uniform is not in [0, 1)
     */
    public long delayNanos(int retryNumber, double uniform) {
        if (retryNumber < 1) {
            throw new IllegalArgumentException("retryNumber must be >= 1, got " + retryNumber);
        }
        long wait = baseWait(retryNumber);
        if (jitter == 0.0) {
            return wait;
        }
        if (!(uniform >= 0.0 && uniform < 1.0)) {
            throw new IllegalArgumentException("uniform must be in [0, 1), got " + uniform);
        }
        double spread = wait * (1.0 - jitter + 2.0 * jitter * uniform);
        return Math.min(maxDelayNanos, Math.round(spread));
    }

    /** @return the cap on one wait, in nanoseconds (also the cap for a server's Retry-After) */
    public long maxDelayNanos() {
        return maxDelayNanos;
    }

    private long baseWait(int retryNumber) {
        if (retryNumber <= waits.length) {
            return waits[retryNumber - 1];
        }
        if (saturated) {
            return waits[waits.length - 1];
        }
        double wait = delayNanos * Math.pow(multiplier, retryNumber - 1);
        return wait >= maxDelayNanos ? maxDelayNanos : Math.round(wait);
    }

    @Override
    public String toString() {
        return "Backoff[delay=" + (long) delayNanos + "ns, multiplier=" + multiplier + ", maxDelay="
                + maxDelayNanos + "ns, jitter=" + jitter + "]";
    }
}
