package dev.resilience.agent.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. Thread-safe. Starts at an arbitrary non-zero time. */
public final class FakeClock implements NanoClock {

    private final AtomicLong now = new AtomicLong(1_234_567_890_123L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    public FakeClock advance(Duration duration) {
        return advanceNanos(duration.toNanos());
    }

    public FakeClock advanceNanos(long nanos) {
        now.addAndGet(nanos);
        return this;
    }
}
