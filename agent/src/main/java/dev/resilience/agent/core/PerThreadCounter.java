package dev.resilience.agent.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter for the success path: the calling thread counts in its own {@link ThreadCells} when it
 * has them (an inline call, whose outcome is always reported on the thread that made it), else in a
 * shared striped counter (asynchronous completions, tests). {@link #sum()} adds both. Thread-safe.
 */
public final class PerThreadCounter {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.getAndIncrement();
    private final LongAdder shared = new LongAdder();

    /** Counts one in the calling thread's own cells, which must belong to the calling thread. */
    public void increment(ThreadCells cells) {
        cells.increment(id);
    }

    public void increment() {
        shared.increment();
    }

    public void add(long n) {
        shared.add(n);
    }

    public long sum() {
        return shared.sum() + ThreadCells.sum(id);
    }

    @Override
    public String toString() {
        return Long.toString(sum());
    }
}
