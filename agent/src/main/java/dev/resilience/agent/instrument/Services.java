package dev.resilience.agent.instrument;

import dev.resilience.agent.core.AgentThreads;
import dev.resilience.agent.core.HandoffWait;
import dev.resilience.agent.core.InterruptTimer;
import dev.resilience.agent.core.TimeoutWorkers;
import dev.resilience.agent.core.TuningProperty;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's threads, each created on first use (holder classes load lazily), so an agent that
 * never times out or retries asynchronously starts none. All threads are daemons with
 * {@code resilience-} names. Thread-safe.
 */
final class Services {
    /** Upper bound on timeout workers; {@code -Dresilience.timeout.maxThreads} changes it. */
    static final int MAX_WORKERS = (int) TuningProperty.MAX_TIMEOUT_THREADS.value();
    /**
     * How long a thread-mode caller watches for a quick body's result, and an idle worker fed
     * quickly for its next body, before parking (see {@link HandoffWait});
     * {@code -Dresilience.timeout.spinMicros} changes it, 0 never spins.
     */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(TuningProperty.SPIN_MICROS.value());

    private Services() {
    }

    static TimeoutWorkers workers() {
        return WorkersHolder.WORKERS;
    }

    /**
     * The interrupt timer, to arm for {@code deadline}, once the warm-up has created it on a shallow
     * stack (a wait, bounded by the deadline: see {@link WarmupGate}).
     */
    static InterruptTimer interruptTimer(long deadline) {
        CallPathWarmup.awaitTimer(deadline);
        return TimerHolder.TIMER;
    }

    /** The interrupt timer without waiting for the warm-up: for the warm-up, which creates it, and holders of a handle. */
    static InterruptTimer interruptTimerUngated() {
        return TimerHolder.TIMER;
    }

    static ScheduledExecutorService scheduler() {
        return SchedulerHolder.SCHEDULER;
    }

    /**
     * Runs the retries of asynchronous calls once their backoff is over: their bodies may block
     * before returning a future, which on the scheduler's one thread would hold up every other
     * call's timeout and backoff. Up to {@link #MAX_ASYNC_RETRIES} at once; past that a retry runs
     * on the scheduler's thread, as all did before.
     */
    static Executor asyncRetries() {
        return AsyncRetriesHolder.RETRIES;
    }

    static final int MAX_ASYNC_RETRIES = 64;

    private static final class AsyncRetriesHolder {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final Executor RETRIES = newPool();

        private static Executor newPool() {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_ASYNC_RETRIES, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    runnable -> AgentThreads.daemon(runnable, "resilience-async-retry-" + COUNT.incrementAndGet()),
                    new ThreadPoolExecutor.CallerRunsPolicy());
            return pool;
        }
    }

    private static final class WorkersHolder {
        static final TimeoutWorkers WORKERS = TimeoutWorkers.create(MAX_WORKERS, Duration.ofSeconds(60), SPIN_NANOS);
    }

    private static final class TimerHolder {
        static final InterruptTimer TIMER = InterruptTimer.create();
    }

    private static final class SchedulerHolder {
        static final ScheduledExecutorService SCHEDULER = newScheduler();

        private static ScheduledExecutorService newScheduler() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                    runnable -> AgentThreads.daemon(runnable, "resilience-scheduler"));
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
