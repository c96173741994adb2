package dev.resilience.agent.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run method bodies for {@code timeout.mode: thread}, so that the caller can stop
 * waiting at the deadline even when the body is stuck in I/O that ignores interrupts.
 *
 * <p>At most {@code maxThreads} daemon threads named {@code resilience-timeout-N}, created only
 * when a body arrives and no thread is idle, and ended after {@code keepAlive} without work. There
 * is no queue: {@link #trySubmit(Callable)} hands the body to an idle or new thread, or returns
 * null at once. A thread counts as busy until its body returns, even when the caller has given up
 * on it, so stuck bodies can never make the pool grow past its bound.
 *
 * <p>A worker announces itself idle <em>before</em> it completes the body's future, so a caller
 * that submits again as soon as its previous call returned always finds a thread.
 * Cancelling a future with {@code cancel(true)} interrupts the body's thread; that interrupt is
 * cleared before the thread runs another body. Body threads do not inherit the caller's
 * ThreadLocals.
 *
 * <p>A worker whose bodies have been arriving within 50 µs (by default) of each other watches for
 * the next one that long before parking (at most half the processors at a time, none on a single
 * processor), so back-to-back calls skip the scheduler round trip of an unpark; a worker whose
 * bodies come further apart parks at once.
 *
 * <p>Thread-safe. Creating a pool starts no thread.
 */
public final class TimeoutWorkers {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final int SPINS_BEFORE_YIELD = 64;
    /** How long a caller waits for a worker to free itself when every thread allowed exists, before it is refused. */
    static final long DISPATCH_PATIENCE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The longest an idle worker parks before it looks again for a task whose unpark was lost (see
     * assign), or for itself on the idle list (see awaitNext).
     */
    private static final long LOST_UNPARK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    /** Shared by every idle worker. */
    private static final SpinSlots IDLE_SPINNING = new SpinSlots();

    private final int maxThreads;
    private final long keepAliveNanos;
    /** How long an idle worker watches for its next body before parking, while bodies come quickly; 0 never. */
    private final long idleSpinNanos;
    /**
     * Bodies handed out and not yet returned, and {@link #lostPlaces} more: less those, it refuses a
     * caller at once when it reaches the bound.
     */
    private final AtomicInteger busy = new AtomicInteger();
    /**
     * Threads started and not yet retired; changed only under {@link #threadsLock}, with no method
     * call: undoing a count whose thread failed to start must not fail in turn (see {@link #start}).
     */
    private volatile int threads;
    /** Places a caller could not give back (see {@link #trySubmit}); changed under {@link #threadsLock}. */
    private volatile int lostPlaces;
    private final Object threadsLock = new Object();
    /** Idle workers, most recently idle first, so that rarely used threads can time out. */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

    private TimeoutWorkers(int maxThreads, long keepAliveNanos, long idleSpinNanos) {
        this.maxThreads = maxThreads;
        this.keepAliveNanos = keepAliveNanos;
        this.idleSpinNanos = idleSpinNanos;
    }

    /**
     * @throws NullPointerException     if keepAlive is null
     * @throws IllegalArgumentException if maxThreads &lt; 1 or keepAlive &lt;= 0
     */
    public static TimeoutWorkers create(int maxThreads, Duration keepAlive) {
        return create(maxThreads, keepAlive, HandoffWait.DEFAULT_SPIN_NANOS);
    }

    /**
     * @param idleSpinNanos how long an idle worker whose bodies come quickly watches for the next
     *                      one before parking; 0 never watches
     * @throws NullPointerException     if keepAlive is null
     * @throws IllegalArgumentException if maxThreads &lt; 1, keepAlive &lt;= 0 or idleSpinNanos &lt; 0
     */
    public static TimeoutWorkers create(int maxThreads, Duration keepAlive, long idleSpinNanos) {
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be >= 1, got " + maxThreads);
        }
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keepAlive must be > 0, got " + keepAlive);
        }
        if (idleSpinNanos < 0) {
            throw new IllegalArgumentException("idleSpinNanos must be >= 0, got " + idleSpinNanos);
        }
        return new TimeoutWorkers(maxThreads, keepAlive.toNanos(), idleSpinNanos);
    }

    /**
     * Runs {@code task} on a worker thread.
     *
     * @return the task's future, or null when every worker allowed is busy (nothing was started)
     * @throws NullPointerException if task is null
     */
    public <T> Future<T> trySubmit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        // made before a place is taken: a stack overflow making it would otherwise keep that place for good
        Task<T> t = new Task<>(task);
        for (int b = busy.get(); ; b = busy.get()) {
            if (b - lostPlaces >= maxThreads) {
                return null;
            }
            if (busy.compareAndSet(b, b + 1)) {
                break;
            }
        }
        boolean dispatched = false;
        try {
            dispatched = dispatch(t);
        } finally {
            if (!dispatched) {
                // The place goes back. A caller's stack overflow (deep recursion calling a protected method)
                // can cut that short too, and such places, kept for good, added up until every call was
                // refused (audit): an overflow is recorded with no method call (a call could overflow
                // again), and the count is read less what was recorded (giving the places back later would
                // take a call, which deep in a stack could overflow in turn).
                try {
                    busy.decrementAndGet();
                } catch (StackOverflowError overflow) {
                    synchronized (threadsLock) {
                        lostPlaces++;
                    }
                }
            }
        }
        return dispatched ? t : null;
    }

    /**
     * Hands a task whose place is already reserved to an idle worker or a new thread.
     *
     * @return false when no worker came within {@link #DISPATCH_PATIENCE_NANOS} (the task was not started)
     */
    private boolean dispatch(Task<?> task) {
        int spins = 0;
        long since = 0;
        while (true) {
            Worker w = idle.pollFirst();
            if (w != null) {
                if (w.assign(task)) {
                    return true;
                }
                continue;   // it retired meanwhile
            }
            if (threads < maxThreads) {
                if (start(task)) {
                    return true;
                }
                continue;
            }
            // All threads exist and a place is free: some worker is a few instructions away from
            // being idle or from retiring. Wait for it rather than exceed the bound, but not for
            // ever: the count is only as right as the agent's own code (a review of a stack overflow
            // audit found it could drift), and a caller must never hang on it.
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else if (since == 0) {
                since = NanoClock.SYSTEM.nanoTime();
            } else if (NanoClock.SYSTEM.nanoTime() - since > DISPATCH_PATIENCE_NANOS) {
                return false;
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * Starts a worker for {@code first}, if the bound allows one more thread. The worker and its
     * thread are made before the thread is counted: made first, either can fail (a stack overflow
     * deep in the caller's stack, say) and leave the count as it was, where a thread counted but
     * never started would lower the bound for good (audit).
     *
     * @return false when another caller took the last place first
     */
    private boolean start(Task<?> first) {
        Worker w = new Worker(first);
        Thread thread = AgentThreads.daemon(w, "resilience-timeout-" + THREAD_NUMBER.incrementAndGet());
        w.thread = thread;
        synchronized (threadsLock) {
            if (threads >= maxThreads) {
                return false;
            }
            threads++;
        }
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            // A stack overflow cut the start short, and a method call here could overflow again: the
            // count would stay one high for good, and the bound shrink (audit). A monitor needs no call.
            synchronized (threadsLock) {
                threads--;
            }
            throw e;
        }
        return true;
    }

    private void retired() {
        synchronized (threadsLock) {
            threads--;
        }
    }

    /** @return bodies running now (including ones whose caller has already timed out) */
    public int busy() {
        return busy.get() - lostPlaces;
    }

    /** @return true when every worker allowed is busy: {@link #trySubmit} would refuse a task now */
    public boolean allBusy() {
        return busy() >= maxThreads;
    }

    /** @return worker threads alive now, busy or idle */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "TimeoutWorkers[busy=" + busy() + ", threads=" + threads() + ", max=" + maxThreads + "]";
    }

    /** A body's future; tells its worker when the body has returned, before completing. */
    private static final class Task<T> extends FutureTask<T> {
        Worker worker;   // written before the hand-off; read only by that worker's thread
        /** What the body threw; written before the future completes, so a get() that sees it done sees it. */
        private volatile Throwable failure;

        Task(Callable<T> callable) {
            super(callable);
        }

        @Override
        protected void set(T value) {
            worker.bodyReturned();
            super.set(value);
        }

        @Override
        protected void setException(Throwable error) {
            worker.bodyReturned();
            failure = error;
            super.setException(error);
        }

        /**
         * As FutureTask's, but a body's failure always comes as an ExecutionException: FutureTask's
         * makes one with the failure's {@code toString()} as its message, and a failure whose message
         * throws (built from a response that was null, say) would escape as that exception instead,
         * as though the agent had failed.
         */
        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            try {
                return super.get(timeout, unit);
            } catch (RuntimeException | Error reporting) {
                Throwable body = failure;
                if (body != null && !isCancelled()) {
                    throw new ExecutionException("the body failed", body); // this constructor calls nothing on it
                }
                throw reporting;
            }
        }
    }

    private final class Worker implements Runnable {
        private static final int BUSY = 0;
        private static final int IDLE = 1;
        private static final int RETIRED = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Worker.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile int state = BUSY;
        private volatile Task<?> next;
        private Thread thread;
        private boolean returned;   // worker thread only
        /**
         * The last body arrived within {@link #idleSpinNanos} of the one before: being unparked
         * costs the next caller a scheduler round trip, so watch for it first (worker thread only).
         */
        private boolean quickArrivals;

        Worker(Task<?> first) {
            first.worker = this;
            this.next = first;
        }

        /** Called by a submitter that took this worker off the idle list. */
        boolean assign(Task<?> task) {
            if (!STATE.compareAndSet(this, IDLE, BUSY)) {
                return false;
            }
            task.worker = this;
            next = task;
            try {
                LockSupport.unpark(thread);
            } catch (StackOverflowError overflow) {
                // The task is this worker's all the same (plain stores, made above); it finds it when its
                // park ends by itself (see awaitNext), if its caller has not given up by then.
            }
            return true;
        }

        @Override
        public void run() {
            try {
                Task<?> task = takeNext();
                while (task != null) {
                    returned = false;
                    Thread.interrupted();   // never start a body interrupted
                    task.run();
                    if (!returned) {
                        bodyReturned();     // cancelled before it started
                    }
                    Thread.interrupted();   // a cancel(true) that raced with the body's end
                    // The finished task holds the body's result or failure: an idle worker keeping it for
                    // its keep-alive kept an undeployed application's class loader reachable (audit).
                    task = null;
                    task = awaitNext();
                }
            } finally {
                if (state != RETIRED) {     // only on an unexpected error in this loop
                    state = RETIRED;
                    forget();
                    retired();
                }
            }
        }

        /** Off the idle list, every time it is there (see awaitNext): a retired worker left on it would be kept. */
        private void forget() {
            while (idle.remove(this)) {
                // once more
            }
        }

        /** Makes this worker available again; runs before the finished body's future completes. */
        void bodyReturned() {
            returned = true;
            state = IDLE;
            idle.offerFirst(this);
            busy.decrementAndGet();
        }

        private void spinForNext(long until) {
            if (!IDLE_SPINNING.take()) {
                return;
            }
            try {
                while (next == null && NanoClock.SYSTEM.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            } finally {
                IDLE_SPINNING.release();
            }
        }

        private Task<?> takeNext() {
            Task<?> task = next;
            next = null;
            return task;
        }

        private Task<?> awaitNext() {
            long idleSince = NanoClock.SYSTEM.nanoTime();
            if (quickArrivals) {
                spinForNext(idleSince + idleSpinNanos);
            }
            long deadline = idleSince + keepAliveNanos;
            boolean listed = true; // bodyReturned has just put it on the idle list
            while (true) {
                if (next != null) {
                    quickArrivals = idleSpinNanos > 0 && NanoClock.SYSTEM.nanoTime() - idleSince <= idleSpinNanos;
                    return takeNext();
                }
                if (state == BUSY) {
                    // assigned: the task and an unpark are on their way, or the unpark was lost (see assign)
                    LockSupport.parkNanos(this, LOST_UNPARK_NANOS);
                    continue;
                }
                long left = deadline - NanoClock.SYSTEM.nanoTime();
                if (left <= 0) {
                    if (STATE.compareAndSet(this, IDLE, RETIRED)) {
                        retired();
                        forget();
                        return null;
                    }
                    continue;   // assigned at the last moment
                }
                if (!listed && !idle.contains(this)) {
                    // A caller took it off the list and a stack overflow stopped that caller before it assigned a
                    // task: no caller would find it again before its keep-alive ended, and with every worker
                    // lost so, every call was refused (audit). A caller still about to assign it makes it listed
                    // twice: an assign to a busy worker fails and moves on, and it leaves every entry as it retires.
                    idle.offerFirst(this);
                }
                LockSupport.parkNanos(this, Math.min(left, LOST_UNPARK_NANOS));
                listed = false;
            }
        }
    }
}
