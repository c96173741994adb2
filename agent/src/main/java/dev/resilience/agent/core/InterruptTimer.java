package dev.resilience.agent.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Interrupts a thread at a deadline, for {@code timeout.mode: interrupt}: the body runs on the
 * caller's own thread, which this timer interrupts if the body is still running at the deadline.
 *
 * <p><b>Protocol.</b> {@link #arm(Thread, long)} returns a handle; every handle must be passed to
 * {@link #disarm(long)} exactly once, when the body has ended (its entry is reused only then).
 * {@code disarm} returns true when the timer fired. Guarantee: once {@code disarm} has returned,
 * this arm will never interrupt the thread; if it fired, the interrupt was delivered before
 * {@code disarm} returned, so the caller can clear it ({@link Thread#interrupted()}) without a late
 * interrupt leaking into its later code. A per-arm state word decides the race: the timer
 * interrupts only if it wins a compare-and-set from ARMED to FIRING, and a disarm that finds
 * FIRING waits for FIRED.
 *
 * <p><b>Cost.</b> Arming and disarming take a short lock each and allocate nothing once the entry
 * table has grown to the number of calls in flight: entries are recycled and the handle is a
 * {@code long} (generation and index, so a stale handle cannot touch a recycled entry). Pending
 * deadlines sit in a binary heap; a disarmed entry leaves it at once. The timer thread is woken
 * only by an arm whose deadline is earlier than the one it sleeps towards (or when it was idle).
 *
 * <p>One daemon thread, {@code resilience-interrupt-timer}, started by the first {@code arm}.
 * Deadlines are {@link NanoClock#SYSTEM} times; a deadline already past fires as soon as the timer
 * thread runs. Thread-safe.
 */
public final class InterruptTimer {

    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(Entry.class, "word", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Low two bits of an entry's word; the rest is the entry's generation.
    private static final long FREE = 0;
    private static final long ARMED = 1;
    private static final long FIRING = 2;
    private static final long FIRED = 3;
    private static final long STATUS = 3;
    private static final int SPINS_BEFORE_YIELD = 64;

    /** {@link #disarm}: disarmed in time; the timer never fired and never will. */
    public static final int NOT_FIRED = 0;
    /** {@link #disarm}: the deadline passed and the timer interrupted the thread. */
    public static final int INTERRUPTED = 1;
    /**
     * {@link #disarm}: the deadline passed, but the thread's interrupt flag was already set (by the
     * application, or before the call): the timer left it alone, and the interrupt is not the agent's
     * to clear.
     */
    public static final int FOUND_INTERRUPTED = 2;

    private static final class Entry {
        /** Generation and status; changed by CAS outside the lock, by plain writes inside it. */
        volatile long word;
        /** Set by the timer before it publishes FIRED: the flag was already set, so it did not interrupt. */
        boolean foundInterrupted;
        // The rest is guarded by the timer's lock.
        int generation;
        Thread thread;
        long deadline;
        int heapIndex = -1;
    }

    private final NanoClock clock = NanoClock.SYSTEM;
    private final Object lock = new Object();
    private volatile Entry[] entries = new Entry[16];   // grows under the lock, never shrinks
    private int created;                                // entries[0, created) exist
    private int[] free = new int[16];
    private int freeCount;
    private int[] heap = new int[16];                   // entry indices, earliest deadline first
    private int heapSize;
    private Thread timer;
    /** When the timer thread will next look at the heap by itself; meaningless while idle. */
    private long wakeAt;
    /** True while the timer thread sleeps until woken (it saw an empty heap). */
    private boolean idle = true;

    private InterruptTimer() {
    }

    /** A timer on the system clock. Starts no thread until the first {@link #arm}. */
    public static InterruptTimer create() {
        return new InterruptTimer();
    }

    /**
     * Interrupts {@code thread} at {@code deadlineNanos} unless disarmed first.
     *
     * @param deadlineNanos a {@link NanoClock#SYSTEM} time
     * @return the handle to pass to {@link #disarm(long)}
     * @throws NullPointerException if thread is null
     */
    public long arm(Thread thread, long deadlineNanos) {
        Objects.requireNonNull(thread, "thread");
        Thread wake;
        int index;
        int generation;
        // A stack overflow (a protected call at the end of a deep recursion) may cut any method call
        // short. Once the entry is armed, no call may come before the handle is returned: a caller
        // without it could never disarm it, and the timer would interrupt the thread later, in code the
        // call no longer covers (audit). So the thread is started first, and the heap's code calls nothing.
        synchronized (lock) {
            Thread timerThread = startedTimer();
            index = freeCount > 0 ? free[--freeCount] : newEntry();
            Entry e = entries[index];
            e.thread = thread;
            e.deadline = deadlineNanos;
            try {
                heapAdd(index);
            } catch (StackOverflowError overflow) {
                e.thread = null;   // plain stores only: the entry is free again, nothing was added
                free[freeCount++] = index;
                throw overflow;
            }
            // 31 bits: the handle stays positive, where callers take a negative one for none (review: after
            // 2^31 arms of one entry, at a million a second about 36 minutes, an arm was never disarmed)
            generation = (e.generation + 1) & Integer.MAX_VALUE;
            e.generation = generation;
            e.word = ((generation & 0xFFFF_FFFFL) << 2) | ARMED;
            // Wake the timer only if it would otherwise sleep past this deadline. Disarms never
            // wake it, so under steady load it wakes about once per timeout, not once per call.
            wake = null;
            if (idle || deadlineNanos - wakeAt < 0) {
                wake = timerThread;
                idle = false;
                wakeAt = deadlineNanos;
            }
        }
        if (wake != null) {
            try {
                LockSupport.unpark(wake);   // it may be sleeping towards a later deadline
            } catch (StackOverflowError overflow) {
                // Not woken: the next arm wakes it instead (this interrupt comes late, or with no other
                // arm not at all), and the handle still reaches the caller.
                synchronized (lock) {
                    idle = true;
                }
            }
        }
        return ((long) generation << 32) | (index & 0xFFFF_FFFFL);
    }

    /**
     * Ends an arm.
     *
     * @return {@link #INTERRUPTED} when the timer fired and interrupted the thread (the body may
     *         already have consumed the interrupt); {@link #FOUND_INTERRUPTED} when it fired but found
     *         the thread's flag already set; {@link #NOT_FIRED} when it was disarmed in time and will
     *         never fire
     * @throws IllegalStateException if the handle was already disarmed (or never issued)
     */
    public int disarm(long handle) {
        int index = (int) handle;
        int generation = (int) (handle >>> 32);
        Entry[] table = entries;
        if (index < 0 || index >= table.length || table[index] == null) {
            throw new IllegalStateException("unknown interrupt timer handle " + handle);
        }
        Entry e = table[index];
        long free = word(generation, FREE);
        if (WORD.compareAndSet(e, word(generation, ARMED), free)) {
            // A stack overflow in recycle leaves the entry disarmed (the timer skips it) but not yet free:
            // a later disarm of this handle, with more stack, finishes it below (review: arming it again
            // here made the timer fire into code the call no longer covered, when no disarm came).
            recycle(e, index, generation);
            return NOT_FIRED;
        }
        if (e.word == free && recycle(e, index, generation)) {
            return NOT_FIRED;
        }
        long firing = word(generation, FIRING);
        for (int spins = 0; e.word == firing; spins++) {
            // The timer won the race and is delivering the interrupt right now.
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        if (e.word != word(generation, FIRED)) {
            throw new IllegalStateException("interrupt timer handle " + handle + " is not armed (disarmed twice?)");
        }
        int outcome = e.foundInterrupted ? FOUND_INTERRUPTED : INTERRUPTED;
        recycle(e, index, generation);
        return outcome;
    }

    /** True once the timer has fired for this (not yet disarmed) handle; for tests that must not touch the flag. */
    boolean hasFired(long handle) {
        Entry e = entries[(int) handle];
        return e.word == word((int) (handle >>> 32), FIRED);
    }

    /**
     * True once the timer has taken this handle's deadline (it is delivering, or has delivered or found
     * the flag set), not yet disarmed; false while it waits for the deadline. A snapshot that never
     * touches the flag.
     */
    public boolean firing(long handle) {
        int index = (int) handle;
        Entry[] table = entries;
        if (index < 0 || index >= table.length || table[index] == null) {
            return false;
        }
        long now = table[index].word;
        int generation = (int) (handle >>> 32);
        return now == word(generation, FIRING) || now == word(generation, FIRED);
    }

    /** @return the arms not yet disarmed (a snapshot) */
    public int armed() {
        synchronized (lock) {
            return created - freeCount;
        }
    }

    private static long word(int generation, long status) {
        return ((generation & 0xFFFF_FFFFL) << 2) | status;
    }

    /**
     * Puts the entry back on the free list; false when it is there already (its thread is cleared on
     * the way). Calls nothing once the heap has changed (see {@link #arm}): {@link #free} has a place
     * for every entry.
     */
    private boolean recycle(Entry e, int index, int generation) {
        synchronized (lock) {
            if (e.thread == null) {
                return false;
            }
            if (e.heapIndex >= 0) {
                heapRemove(e.heapIndex);
            }
            e.thread = null;
            e.word = ((generation & 0xFFFF_FFFFL) << 2) | FREE;
            free[freeCount++] = index;
            return true;
        }
    }

    // ---- under the lock ----

    private int newEntry() {
        Entry[] table = entries;
        if (created == table.length) {
            table = Arrays.copyOf(table, table.length * 2);
            free = Arrays.copyOf(free, table.length); // a place for every entry: recycling never grows it
            entries = table;
        }
        table[created] = new Entry();
        return created++;
    }

    private Thread startedTimer() {
        if (timer == null) {
            Thread t = AgentThreads.daemon(new TimerLoop(this), "resilience-interrupt-timer");
            t.start();
            timer = t;
        }
        return timer;
    }

    /*
     * The heap's code calls no method once it has started changing the heap: a stack overflow can then
     * only stop it before it starts (at its own entry), never half-way (see arm). Hence the comparisons
     * and moves written out, where helper methods would read better.
     */

    private void heapAdd(int index) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        siftUp(heapSize, index);
        heapSize++;
    }

    private void heapRemove(int position) {
        int removed = heap[position];
        int lastPosition = heapSize - 1;
        int last = heap[lastPosition];
        if (position != lastPosition) {
            // one call, which either moves nothing or all it must: last goes up or down from position
            long deadline = entries[last].deadline;
            if (position > 0 && deadline - entries[heap[(position - 1) >>> 1]].deadline < 0) {
                siftUp(position, last);
            } else {
                siftDown(position, last, lastPosition);
            }
        }
        heapSize = lastPosition;
        entries[removed].heapIndex = -1;
    }

    /** Places {@code index} at {@code position} or above it, moving later parents down. */
    private void siftUp(int position, int index) {
        Entry[] table = entries;
        int[] h = heap;
        long deadline = table[index].deadline;
        while (position > 0) {
            int parent = (position - 1) >>> 1;
            int above = h[parent];
            if (deadline - table[above].deadline >= 0) {
                break;
            }
            h[position] = above;
            table[above].heapIndex = position;
            position = parent;
        }
        h[position] = index;
        table[index].heapIndex = position;
    }

    /** Places {@code index} at {@code position} or below it, within the first {@code size} places. */
    private void siftDown(int position, int index, int size) {
        Entry[] table = entries;
        int[] h = heap;
        long deadline = table[index].deadline;
        int half = size >>> 1;
        while (position < half) {
            int child = 2 * position + 1;
            int right = child + 1;
            if (right < size && table[h[right]].deadline - table[h[child]].deadline < 0) {
                child = right;
            }
            int below = h[child];
            if (table[below].deadline - deadline >= 0) {
                break;
            }
            h[position] = below;
            table[below].heapIndex = position;
            position = child;
        }
        h[position] = index;
        table[index].heapIndex = position;
    }

    // ---- the timer thread ----

    /** The timer thread's body. A named class, not {@code this::runTimer}: started by the first interrupt-mode call (issue 8). */
    private static final class TimerLoop implements Runnable {
        private final InterruptTimer timer;

        TimerLoop(InterruptTimer timer) {
            this.timer = timer;
        }

        @Override
        public void run() {
            timer.runTimer();
        }
    }

    private void runTimer() {
        while (true) {
            Thread.interrupted();   // nobody should interrupt us; never let it turn parking into spinning
            Entry due = null;
            Thread target = null;
            long expected = 0;
            long wait = -1;         // -1: nothing armed, park until an arm wakes us
            synchronized (lock) {
                if (heapSize == 0) {
                    idle = true;
                } else {
                    Entry head = entries[heap[0]];
                    long left = head.deadline - clock.nanoTime();
                    if (left > 0) {
                        wait = left;
                        wakeAt = head.deadline;
                    } else {
                        heapRemove(0);
                        due = head;
                        target = head.thread;
                        expected = head.word;
                    }
                }
            }
            if (due != null) {
                fire(due, target, expected);
            } else if (wait < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    private static void fire(Entry e, Thread target, long expected) {
        if ((expected & STATUS) != ARMED || !WORD.compareAndSet(e, expected, (expected & ~STATUS) | FIRING)) {
            return;   // disarmed in time
        }
        try {
            // An interrupt already pending is the application's: adding ours would make it the agent's
            // to clear, and the application's own would be lost with it.
            e.foundInterrupted = target.isInterrupted();
            if (!e.foundInterrupted) {
                target.interrupt();
            }
        } finally {
            e.word = (expected & ~STATUS) | FIRED;
        }
    }
}
