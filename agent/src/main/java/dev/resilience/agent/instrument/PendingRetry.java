package dev.resilience.agent.instrument;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The retry of one asynchronous call while it waits out its backoff. Whoever takes it first ends
 * it, once: the retry when its time comes ({@link #claim}), or the caller completing or cancelling
 * its future ({@link #drop}); the other finds nothing to do (review: the caller's completion, or the
 * agent's own from inside the retry's task, counted the call a second time). Thread-safe.
 */
final class PendingRetry {
    private final AtomicBoolean waiting = new AtomicBoolean();
    /**
     * The scheduled task, taken out of the scheduler's queue when dropped: with a long
     * {@code maxDelay} it would otherwise hold the call (the receiver, the arguments, the caller's
     * class loader) for that long after nobody waits for it.
     */
    private volatile ScheduledFuture<?> task;

    /**
     * Schedules {@code retry} after {@code delayNanos}; it must {@link #claim} its turn first.
     * Synchronized with {@link #drop}: a retry due at once may run, fail and schedule the next one
     * before this call has recorded its task; its call waits, so the newer task is the one kept (review).
     */
    synchronized void schedule(Runnable retry, long delayNanos) {
        waiting.set(true);
        ScheduledFuture<?> scheduled = Services.scheduler().schedule(retry, delayNanos, TimeUnit.NANOSECONDS);
        task = scheduled;
        if (!waiting.get()) {
            scheduled.cancel(false); // dropped or already claimed meanwhile: out of the queue all the same
        }
    }

    /** The retry's time came: true when it is still wanted (nobody dropped it). */
    boolean claim() {
        return waiting.compareAndSet(true, false);
    }

    /** The caller is done with the call: true when a retry was waiting and is now dropped (the caller's to count). */
    synchronized boolean drop() {
        if (!waiting.compareAndSet(true, false)) {
            return false;
        }
        ScheduledFuture<?> scheduled = task;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        return true;
    }
}
