package dev.resilience.agent.instrument;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one warm-up readies on a shallow stack of its own, and what a call that needs it waits for,
 * rather than readying it itself. A call may come at the end of a deep recursion, and initialising a
 * class there can overflow the stack inside its static initialiser. A class whose initialiser failed
 * is unusable for the JVM's life ("Could not initialize class"): every later call needing it would
 * fail inside the agent and run unprotected.
 *
 * <p>One claimant starts the warm-up ({@link #claim}); it opens the gate when it is done or has
 * failed. The wait is bounded, and a plain monitor wait, which initialises no class. Past it, the
 * call readies what it needs itself, as calls did before this gate existed. Thread-safe.
 */
final class WarmupGate {
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Object lock = new Object();
    private volatile boolean open;

    boolean isOpen() {
        return open;
    }

    /** True for the one caller that is to start the warm-up, false for every other. */
    boolean claim() {
        return !claimed.get() && claimed.compareAndSet(false, true);
    }

    /** The warm-up is done, or gave up: waiting callers go on. */
    void open() {
        synchronized (lock) {
            open = true;
            lock.notifyAll();
        }
    }

    /**
     * Waits until the gate opens, for at most {@code maxNanos}. An interrupt ends the wait and stays
     * set, for the call to meet as it would have without the agent.
     */
    void await(long maxNanos) {
        if (open) {
            return;
        }
        long deadline = System.nanoTime() + maxNanos;
        synchronized (lock) {
            while (!open) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
