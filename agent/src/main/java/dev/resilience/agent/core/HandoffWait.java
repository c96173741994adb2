package dev.resilience.agent.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a caller waits for a body it handed to a timeout worker ({@code timeout.mode: thread}).
 * Parking and being woken by the worker costs a caller 10–15 µs of scheduler round trip on a
 * virtual machine, more than a short body itself. So while one method's recent bodies have been
 * returning within {@link #spinNanos}, its callers first watch the future for that long, then
 * park; once a body takes longer (I/O, the usual case for thread mode), they park at once and
 * spend no CPU waiting, until a body is quick again. At most half the processors spin at a time
 * (none on a single processor), so spinning callers never starve the workers they wait for. One
 * instance per method.
 * Thread-safe.
 */
public final class HandoffWait {
    /** Long enough to cover a scheduler round trip, short enough to be noise beside real I/O. */
    public static final long DEFAULT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Shared by every method's callers. */
    private static final SpinSlots SPINNING = new SpinSlots();

    private final long spinNanos;
    /** The last body returned within {@link #spinNanos} (written only when it changes). */
    private volatile boolean quickBodies = true;

    public HandoffWait() {
        this(DEFAULT_SPIN_NANOS);
    }

    /** @param spinNanos how long a caller may spin; 0 never spins */
    public HandoffWait(long spinNanos) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must be >= 0, got " + spinNanos);
        }
        this.spinNanos = spinNanos;
    }

    /**
     * {@link Future#get(long, TimeUnit)} with the same outcomes and the same deadline, spinning
     * first when this method's bodies have been quick.
     */
    public <T> T await(Future<T> future, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        long start = NanoClock.SYSTEM.nanoTime();
        if (quickBodies && spinNanos > 0 && !future.isDone()) {
            spin(future, start + Math.min(spinNanos, timeoutNanos));
        }
        try {
            T value = future.get(timeoutNanos - (NanoClock.SYSTEM.nanoTime() - start), TimeUnit.NANOSECONDS);
            learn(start);
            return value;
        } catch (ExecutionException e) {
            learn(start);
            throw e;
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            quick(false);
            throw e;
        }
    }

    /** True when the next caller will spin if a processor is free for it (for tests and diagnostics). */
    public boolean spinsNext() {
        return quickBodies && spinNanos > 0;
    }

    private static void spin(Future<?> future, long until) {
        if (!SPINNING.take()) {
            return;
        }
        try {
            while (!future.isDone() && NanoClock.SYSTEM.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        } finally {
            SPINNING.release();
        }
    }

    private void learn(long start) {
        quick(NanoClock.SYSTEM.nanoTime() - start <= spinNanos);
    }

    private void quick(boolean quick) {
        if (quickBodies != quick) {   // read first: callers of one method share this line
            quickBodies = quick;
        }
    }
}
