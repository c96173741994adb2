package dev.resilience.agent.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <p>Registering never waits: a new thread's cells are pushed onto a lock-free list, which readers
 * and, every {@link #DRAIN_EVERY} registrations, a registering thread that finds the registry free
 * move into the registry. A server that starts a virtual thread per request registers cells on
 * every request; a lock there made 10,000 virtual threads queue behind each other and behind the
 * sweep of ended threads before their calls even began (concurrency audit: callers regained
 * control up to 7 times a 50 ms timeout after calling).
 */
public final class ThreadCells {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int FIRST_SWEEP = 64;
    /** A registering thread offers to drain the list once it holds this many cells. */
    static final int DRAIN_EVERY = 64;

    /** Cells registered since the last drain, newest first, linked by {@link #next}. */
    private static final AtomicReference<ThreadCells> INCOMING = new AtomicReference<>();
    /** Guards the registry: {@link #LIVE}, {@link #retired} and {@link #sweepAt}. */
    private static final ReentrantLock REGISTRY = new ReentrantLock();
    private static final ArrayList<ThreadCells> LIVE = new ArrayList<>();
    private static long[] retired = new long[0];
    private static int sweepAt = FIRST_SWEEP;

    private final WeakReference<Thread> owner;
    /** Indexed by {@link PerThreadCounter} id; replaced by a longer copy when a new id shows up. */
    private volatile long[] counts = new long[16];
    /** The cells registered just before these, while on {@link #INCOMING}; cleared by the drain. */
    private ThreadCells next;
    /** How many cells {@link #INCOMING} held with these on top: counts the list without a shared counter. */
    private int depth;

    private ThreadCells(Thread owner) {
        this.owner = new WeakReference<>(owner);
    }

    /** New cells for the calling thread, to be used by that thread only. */
    public static ThreadCells forCurrentThread() {
        ThreadCells cells = new ThreadCells(Thread.currentThread());
        ThreadCells head;
        do {
            head = INCOMING.get();
            cells.next = head;
            cells.depth = head == null ? 1 : head.depth + 1;
        } while (!INCOMING.compareAndSet(head, cells));
        // Only one registration in DRAIN_EVERY offers, and never waits: a reader or another drain
        // holding the registry will take these cells, or a later registration will.
        if (cells.depth >= DRAIN_EVERY && REGISTRY.tryLock()) {
            try {
                drain();
            } finally {
                REGISTRY.unlock();
            }
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
        REGISTRY.lock();
        try {
            drain();
            long total = id < retired.length ? retired[id] : 0L;
            for (int i = 0, n = LIVE.size(); i < n; i++) {
                total += LIVE.get(i).get(id);
            }
            return total;
        } finally {
            REGISTRY.unlock();
        }
    }

    /** Threads registered and not yet found ended (for tests). */
    static int registered() {
        REGISTRY.lock();
        try {
            drain();
            return LIVE.size();
        } finally {
            REGISTRY.unlock();
        }
    }

    /** Cells held in all, registry and list, without draining the list (for tests). */
    static int held() {
        ThreadCells head = INCOMING.get();
        REGISTRY.lock();
        try {
            return LIVE.size() + (head == null ? 0 : head.depth);
        } finally {
            REGISTRY.unlock();
        }
    }

    /** Runs {@code action} while holding the registry, as a reader or a sweep would (for tests). */
    static void whileRegistryHeld(Runnable action) {
        REGISTRY.lock();
        try {
            action.run();
        } finally {
            REGISTRY.unlock();
        }
    }

    /** Moves the list's cells into the registry, sweeping it when it has doubled. Under the registry's lock. */
    private static void drain() {
        ThreadCells cells = INCOMING.getAndSet(null);
        while (cells != null) {
            ThreadCells older = cells.next;
            cells.next = null; // a registered cell must not keep the cells of ended threads reachable
            LIVE.add(cells);
            cells = older;
        }
        if (LIVE.size() >= sweepAt) {
            retireEndedThreads();
            sweepAt = Math.max(FIRST_SWEEP, LIVE.size() * 2);
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
