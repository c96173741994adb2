package dev.resilience.agent.core;

import java.util.concurrent.TimeUnit;

/**
 * Waits between retry attempts. Injected so that tests can advance a fake clock instead of sleeping.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Real sleeping. Honours interrupts exactly like {@link Thread#sleep(long)}: an interrupt that
     * is pending on entry or arrives during the wait ends it with an {@link InterruptedException}
     * and <em>clears</em> the thread's interrupt flag, so a caller that stops retrying because of it
     * must restore the flag ({@code Thread.currentThread().interrupt()}). A wait of zero or less
     * returns at once, unless the thread is already interrupted. Resolution is about a millisecond.
     */
    Sleeper SYSTEM = new ThreadSleeper();

    /**
     * Waits about {@code nanos} nanoseconds.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting; the
     *                              interrupt flag is then cleared
     */
    void sleep(long nanos) throws InterruptedException;

    /** {@link #SYSTEM}'s class: named, not a lambda, as it is created in {@code premain} (see {@link NanoClock.SystemClock}). */
    final class ThreadSleeper implements Sleeper {
        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } else if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before a zero-length wait");
            }
        }
    }
}
