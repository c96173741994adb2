package dev.resilience.agent.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * One thread's private counting cells, for counters bumped on every call of a protected method.
 * A shared atomic counter costs a {@code lock}-prefixed instruction per call (a full fence, the
 * largest single cost of the success path); a cell only its thread writes costs a plain store.
 * Readers sum the cells of every thread, which is rare (a metrics scrape, a summary).
 *
 * <p>Cells are registered for good while their thread lives; the counts of a thread that has
 * ended are folded into a retired total and its cells dropped, so short-lived threads (virtual
 * threads included) do not pile up. Writes are by the owning thread only; reads may come from
 * any thread and see each cell's latest value or an earlier one, never a torn one.
 */
public final class ThreadCells {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int FIRST_SWEEP = 64;

    private static final Object LOCK = new Object();
    private static final ArrayList<ThreadCells> LIVE = new ArrayList<>();
    private static long[] retired = new long[0];
    private static int sweepAt = FIRST_SWEEP;

    private final WeakReference<Thread> owner;
    /** Indexed by {@link PerThreadCounter} id; replaced by a longer copy when a new id shows up. */
    private volatile long[] counts = new long[16];

    private ThreadCells(Thread owner) {
        this.owner = new WeakReference<>(owner);
    }

    /** New cells for the calling thread, to be used by that thread only. */
    public static ThreadCells forCurrentThread() {
        ThreadCells cells = new ThreadCells(Thread.currentThread());
        synchronized (LOCK) {
            if (LIVE.size() >= sweepAt) {
                retireEndedThreads();
                sweepAt = Math.max(FIRST_SWEEP, LIVE.size() * 2);
            }
            LIVE.add(cells);
        }
        return cells;
    }

    /** Adds one to counter {@code id}. Only the owning thread may call this. */
    void increment(int id) {
        long[] c = counts;
        if (id >= c.length) {
            c = grow(id);
        }
        // Opaque: one plain store on common hardware, but never torn, never kept in a register.
        SLOT.setOpaque(c, id, (long) SLOT.getOpaque(c, id) + 1);
    }

    private long[] grow(int id) {
        long[] longer = new long[Math.max(id + 1, counts.length * 2)];
        long[] current = counts;
        for (int i = 0; i < current.length; i++) {
            longer[i] = (long) SLOT.getOpaque(current, i);
        }
        counts = longer;
        return longer;
    }

    private long get(int id) {
        long[] c = counts;
        return id < c.length ? (long) SLOT.getOpaque(c, id) : 0L;
    }

    /** The total of counter {@code id} over every thread, ended ones included. */
    static long sum(int id) {
        synchronized (LOCK) {
            long total = id < retired.length ? retired[id] : 0L;
            for (int i = 0, n = LIVE.size(); i < n; i++) {
                total += LIVE.get(i).get(id);
            }
            return total;
        }
    }

    /** Threads registered and not yet found ended (for tests). */
    static int registered() {
        synchronized (LOCK) {
            return LIVE.size();
        }
    }

    /**
     * Folds the cells of ended threads into the retired totals. {@link Thread#isAlive()} returning
     * false makes every write of that thread visible here (JLS 17.4.4), so no count is lost.
     */
    private static void retireEndedThreads() {
        int kept = 0;
        for (int i = 0, n = LIVE.size(); i < n; i++) {
            ThreadCells cells = LIVE.get(i);
            Thread thread = cells.owner.get();
            if (thread != null && thread.isAlive()) {
                LIVE.set(kept++, cells);
                continue;
            }
            long[] c = cells.counts;
            if (c.length > retired.length) {
                retired = Arrays.copyOf(retired, c.length);
            }
            for (int id = 0; id < c.length; id++) {
                retired[id] += c[id];
            }
        }
        LIVE.subList(kept, LIVE.size()).clear();
    }
}
