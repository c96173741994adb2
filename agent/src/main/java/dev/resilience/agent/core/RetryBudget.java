package dev.resilience.agent.core;

import dev.resilience.agent.policy.RetrySettings;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code retry.budget}: a retry is allowed while fewer than {@code minPerSecond} retries were made
 * in the last second, or while the retries of the last 10 seconds stay under {@code ratio} x the
 * calls of the last 10 seconds. Allowing a retry records it.
 *
 * <p>Time is cut into 100 ms slots kept in a ring of 100 (10 s); "the last second" is the current
 * slot and the ten before it, so a retry stops counting 1.0 to 1.1 s after it was made: no span of
 * one second ever holds more than {@code minPerSecond} retries that only the floor allowed, and
 * over {@code T} seconds the floor adds at most {@code minPerSecond x ceil(T)}. Each slot
 * is one {@code long}: the slot's tick (22 bits), its calls and its retries (21 bits each,
 * saturating at 2,097,151 per 100 ms). Ticks are told apart modulo 2^22 (4.85 days): counts left in a
 * slot exactly a multiple of that long ago would be read as current, a harmless and practically
 * unreachable error.
 *
 * <p>Thread-safe. {@link #recordCall()}, on every call's path, is lock-free: a single
 * compare-and-set on the current slot. {@link #tryAcquireRetry()}, only on the failure path, checks
 * and records under a lock, so concurrent failures can never together exceed the budget (a call
 * recorded meanwhile only raises the allowance).
 */
public final class RetryBudget {

    private static final long SLOT_NANOS = 100_000_000L;
    private static final int SLOTS = 100;
    private static final int SLOTS_PER_SECOND = 10;

    private static final int COUNT_BITS = 21;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final int CALLS_SHIFT = 0;
    private static final int RETRIES_SHIFT = COUNT_BITS;
    private static final int TAG_SHIFT = 2 * COUNT_BITS;
    private static final int TAG_BITS = 64 - TAG_SHIFT;
    private static final long TAG_MASK = (1L << TAG_BITS) - 1;
    private static final long PPM = 1_000_000L;
    private static final long STALE_TICKS = 1024;

    private final NanoClock clock;
    private final long ratioPpm;
    private final int minPerSecond;
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    private RetryBudget(long ratioPpm, int minPerSecond, NanoClock clock) {
        this.ratioPpm = ratioPpm;
        this.minPerSecond = minPerSecond;
        this.clock = clock;
    }

    /**
     * @throws NullPointerException     if budget or clock is null
     * @throws IllegalArgumentException if ratio is not in [0, 1000] or minPerSecond &lt; 0
     */
    public static RetryBudget of(RetrySettings.Budget budget, NanoClock clock) {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(clock, "clock");
        if (!(budget.ratio() >= 0.0 && budget.ratio() <= 1000.0)) {
            throw new IllegalArgumentException("retry.budget.ratio must be in [0, 1000], got " + budget.ratio());
        }
        if (budget.minPerSecond() < 0) {
            throw new IllegalArgumentException("retry.budget.minPerSecond must be >= 0, got " + budget.minPerSecond());
        }
        // Parts per million keep "20%" of 10 calls exactly 2, which a double product may not.
        return new RetryBudget(Math.round(budget.ratio() * PPM), budget.minPerSecond(), clock);
    }

    /** Counts one call (not attempt) of the rule. */
    public void recordCall() {
        add(tick(), CALLS_SHIFT);
    }

    /**
     * @return true, and the retry is recorded, when the budget allows one more retry now
     */
    public synchronized boolean tryAcquireRetry() {
        long now = tick();
        long calls = 0;
        long retries = 0;
        long retriesLastSecond = 0;
        for (int age = 0; age < SLOTS; age++) {
            long tick = now - age;
            long v = slots.get(index(tick));
            if ((v >>> TAG_SHIFT) != (tick & TAG_MASK)) {
                continue;   // empty, or left over from an earlier turn of the ring
            }
            long r = (v >>> RETRIES_SHIFT) & COUNT_MASK;
            calls += (v >>> CALLS_SHIFT) & COUNT_MASK;
            retries += r;
            if (age <= SLOTS_PER_SECOND) {
                retriesLastSecond += r;
            }
        }
        boolean allowed = retriesLastSecond < minPerSecond || retries * PPM < ratioPpm * calls;
        if (allowed) {
            add(now, RETRIES_SHIFT);
        }
        return allowed;
    }

    private long tick() {
        return Math.floorDiv(clock.nanoTime(), SLOT_NANOS);
    }

    private static int index(long tick) {
        return (int) Math.floorMod(tick, (long) SLOTS);
    }

    private void add(long tick, int shift) {
        int i = index(tick);
        long tag = tick & TAG_MASK;
        while (true) {
            long v = slots.get(i);
            long slotTag = v >>> TAG_SHIFT;
            long next;
            if (slotTag == tag) {
                if (((v >>> shift) & COUNT_MASK) == COUNT_MASK) {
                    return;   // saturated
                }
                next = v + (1L << shift);
            } else if (isBehind(tag, slotTag)) {
                return;   // this thread read the clock a while ago and its slot is already reused
            } else {
                next = (tag << TAG_SHIFT) | (1L << shift);
            }
            if (slots.compareAndSet(i, v, next)) {
                return;
            }
        }
    }

    /**
     * True when {@code tag} is a little (up to ~100 s) older than the slot's: a thread that was
     * descheduled between reading the clock and counting. Tags are compared modulo 2^22 ticks, so
     * anything else, however long the budget sat idle, is a newer tick that takes the slot over.
     */
    private static boolean isBehind(long tag, long slotTag) {
        long behind = (slotTag - tag) & TAG_MASK;
        return behind != 0 && behind <= STALE_TICKS;
    }

    @Override
    public String toString() {
        return "RetryBudget[ratio=" + ratioPpm / (double) PPM + ", minPerSecond=" + minPerSecond + "]";
    }
}
