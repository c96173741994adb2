package dev.resilience.agent.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many threads of one kind may busy-wait at once: half the processors, so the threads they
 * wait for always find a processor free; none on a single processor, where a spinning thread
 * would only delay the one it waits for. Thread-safe.
 */
final class SpinSlots {
    private final AtomicInteger taken = new AtomicInteger();
    private final int max = Runtime.getRuntime().availableProcessors() / 2;

    /** True when the caller may spin; it must then {@link #release()} when it stops. */
    boolean take() {
        if (taken.incrementAndGet() > max) {
            taken.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        taken.decrementAndGet();
    }
}
