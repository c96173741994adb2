package dev.resilience.agent.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link NanoClock} time that only moves forward, whichever order its writers come in: a thread
 * that read the clock, then stalled, must not put back an older time than one written since
 * (review: a trial just started then looked older than any trial can take). Thread-safe.
 */
final class LatestTime {
    private final AtomicLong at;

    LatestTime(long now) {
        this.at = new AtomicLong(now);
    }

    /** Moves the time to {@code now}, unless a later one is there already. */
    void advanceTo(long now) {
        for (long t = at.get(); now - t > 0; t = at.get()) {
            if (at.compareAndSet(t, now)) {
                return;
            }
        }
    }

    /** How long before {@code now} the time is. */
    long before(long now) {
        return now - at.get();
    }
}
