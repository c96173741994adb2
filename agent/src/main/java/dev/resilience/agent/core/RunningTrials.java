package dev.resilience.agent.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HALF_OPEN trials running, across rounds (see {@link StateMachineBreaker}), and when the last
 * one started. The time is what lets a breaker tell a count that will never go down from one that
 * will: a trial whose thread hangs in I/O that ignores the interrupt, or whose end the agent lost
 * (a stack overflow between taking the place and using it), would otherwise hold every later round
 * back for good. Thread-safe.
 */
final class RunningTrials {
    private final AtomicInteger running = new AtomicInteger();
    /** When the last trial started; the count's creation before the first. */
    private final LatestTime lastStarted;

    RunningTrials(long now) {
        this.lastStarted = new LatestTime(now);
    }

    /** Takes a place among the trials running, if fewer than {@code limit} run. */
    boolean start(int limit, long now) {
        for (int t = running.get(); t < limit; t = running.get()) {
            // Before the count: a reader that sees the trial counted never sees an older time (review).
            lastStarted.advanceTo(now);
            if (running.compareAndSet(t, t + 1)) {
                return true;
            }
        }
        return false;
    }

    /** One trial ended (never below zero: an end the count never saw is ignored). */
    void end() {
        for (int t = running.get(); t > 0; t = running.get()) {
            if (running.compareAndSet(t, t - 1)) {
                return;
            }
        }
    }

    /** How long ago the last trial started: every trial the count holds is at least that old ({@link TrialLimit}). */
    long sinceLastStart(long now) {
        return lastStarted.before(now);
    }

    int running() {
        return running.get();
    }
}
