package dev.resilience.agent.instrument;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * What one warm-up readies on a shallow stack of its own, and what a call that needs it waits for,
 * rather than readying it itself. A call may come at the end of a deep recursion, and initialising a
 * class there can overflow the stack inside its static initialiser. A class whose initialiser failed
 * is unusable for the JVM's life ("Could not initialize class"): every later call needing it would
 * fail inside the agent and run unprotected.
 *
 * <p>One claimant starts the warm-up ({@link #claim}); it opens the gate when it is done or has
 * failed, or gives its claim back when it could not start. The wait is bounded, and when it runs
 * out the gate opens for every caller: a warm-up lost (an overflow between its claim and its start)
 * costs one wait, not one per call. Waiters poll
 * every millisecond with {@link LockSupport#parkNanos}: no monitor, which would pin a virtual
 * thread's carrier, and no list of waiters to keep. Thread-safe.
 */
final class WarmupGate {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean open;

    boolean isOpen() {
        return open;
    }

    /** True for the one caller that is to start the warm-up, false for every other. */
    boolean claim() {
        return !claimed.get() && claimed.compareAndSet(false, true);
    }

    /** The claimant could not start its warm-up: the next caller claims it. */
    void giveBack() {
        claimed.set(false);
    }

    /** The warm-up is done, or gave up: waiting callers go on. */
    void open() {
        open = true;
    }

    /**
     * Waits until the gate opens, for at most {@code maxNanos}, then opens it. An interrupt does not
     * end the wait (the call would then initialise what the wait protects it from) and is set again
     * after it, for the call to meet as it would have without the agent.
     */
    void await(long maxNanos) {
        if (open) {
            return;
        }
        long deadline = System.nanoTime() + maxNanos;
        boolean interrupted = false;
        while (!open) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                open = true;
                break;
            }
            LockSupport.parkNanos(this, Math.min(left, POLL_NANOS));
            interrupted |= Thread.interrupted(); // a set flag would end every park at once
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
