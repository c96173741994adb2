package dev.resilience.agent.instrument;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What one warm-up readies on a shallow stack of its own, and what a call that needs it waits for,
 * rather than readying it itself. A call may come at the end of a deep recursion, and initialising a
 * class there can overflow the stack inside its static initialiser. A class whose initialiser failed
 * is unusable for the JVM's life ("Could not initialize class"): every later call needing it would
 * fail inside the agent and run unprotected.
 *
 * <p>One claimant starts the warm-up ({@link #claim}). The warm-up opens the gate when it is done or
 * has failed; a claimant that could not start it gives the claim back, for the next caller. Past its
 * patience, counted from the claim, the gate opens for every caller when the warm-up has started
 * (it is slow, or stuck), and is claimed again when it has not (its claimant overflowed the stack
 * before it could start it or give the claim back): either costs one wait, not one per call. Waiters poll every millisecond
 * with {@link LockSupport#parkNanos}: no monitor, which would pin a virtual thread's carrier, and no
 * list of waiters to keep. Thread-safe.
 */
final class WarmupGate {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long UNCLAIMED = 0;

    private final long patienceNanos;
    /** When waiters stop waiting for the claimant's warm-up (a {@code System.nanoTime()}), or {@link #UNCLAIMED}. */
    private final AtomicLong giveUpAt = new AtomicLong(UNCLAIMED);
    private volatile boolean open;
    /** The warm-up itself opened the gate: it has ended, not been given up on. */
    private volatile boolean done;
    /** The warm-up's thread runs: a claim past its patience without it was lost, not slow. */
    private volatile boolean started;

    WarmupGate(long patienceNanos) {
        this.patienceNanos = patienceNanos;
    }

    boolean isOpen() {
        return open;
    }

    /**
     * True once the warm-up itself has ended; false for a gate opened because waiters gave up on a
     * slow one, which may not have readied anything yet.
     */
    boolean isDone() {
        return done;
    }

    /** True for the one caller that is to start the warm-up, false for every other. */
    boolean claim() {
        long at = System.nanoTime() + patienceNanos;
        return giveUpAt.get() == UNCLAIMED && giveUpAt.compareAndSet(UNCLAIMED, at == UNCLAIMED ? 1 : at);
    }

    /** The claimant could not start its warm-up: the next caller claims it. */
    void giveBack() {
        giveUpAt.set(UNCLAIMED);
    }

    /** The warm-up's thread has begun its work. */
    void started() {
        started = true;
    }

    /** The warm-up is done, or gave up: waiting callers go on. */
    void open() {
        done = true;
        open = true;
    }

    /**
     * Waits until the gate opens, at most until {@code deadline} (a {@code System.nanoTime()}, or
     * {@code Long.MAX_VALUE} for none: an enclosing call's deadline, which the wait must not overrun).
     * An interrupt does not end the wait (the call would then initialise what the wait protects it
     * from) and is set again after it, however it ends.
     *
     * @return true when the claim was given back meanwhile, for the caller to claim it again
     */
    boolean await(long deadline) {
        boolean interrupted = false;
        try {
            while (!open) {
                long giveUp = giveUpAt.get();
                if (giveUp == UNCLAIMED) {
                    return true;
                }
                long now = System.nanoTime();
                long left = giveUp - now;
                if (left <= 0) {
                    if (!started) {
                        // claimed by a thread that overflowed before it could start the warm-up, or give
                        // the claim back: the next caller starts one
                        giveUpAt.compareAndSet(giveUp, UNCLAIMED);
                        return true;
                    }
                    open = true;
                    break;
                }
                if (deadline != Long.MAX_VALUE) {
                    left = Math.min(left, deadline - now);
                    if (left <= 0) {
                        break;
                    }
                }
                LockSupport.parkNanos(this, Math.min(left, POLL_NANOS));
                interrupted |= Thread.interrupted(); // a set flag would end every park at once
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
