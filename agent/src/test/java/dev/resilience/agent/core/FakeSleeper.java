package dev.resilience.agent.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that advances a {@link FakeClock} instead of waiting, and records every wait. Thread-safe. */
public final class FakeSleeper implements Sleeper {

    private final FakeClock clock;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    public FakeSleeper(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("fake sleep interrupted");
        }
        sleeps.add(nanos);
        clock.advanceNanos(Math.max(0, nanos));
    }

    /** @return every requested wait in nanoseconds, in order */
    public List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
