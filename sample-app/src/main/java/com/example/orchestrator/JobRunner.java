package com.example.orchestrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs jobs on a small pool of worker threads and guarantees that every job reports exactly once,
 * as COMPLETED or FAILED with its reason.
 *
 * <p>The runner adds no retries and no per-call timeouts (that is the agent's job). A job can only
 * fail to finish if an adapter call never returns — {@link StorageClient} has no read timeout and
 * its reads ignore interrupts, so a silent server blocks it forever. Under the agent a timeout
 * returns control to the job at the rule's deadline. Without the agent, the overall {@code guard}
 * is the last resort: when it expires, every job still running is reported FAILED ("did not finish
 * within the guard") and its worker, a daemon thread that cannot be stopped, is abandoned.
 *
 * <p>One runner serves one {@link #run} at a time; not meant to be shared between threads.
 */
public final class JobRunner {
    private final int concurrency;
    private final Duration interval;
    private final Duration guard;

    /**
     * @param concurrency worker threads, at least 1
     * @param interval    pause between two job submissions ({@code Duration.ZERO}: all at once), so
     *                    jobs arrive at a steady rate whatever the services do
     * @param guard       overall deadline for the whole run, counted from its start
     */
    public JobRunner(int concurrency, Duration interval, Duration guard) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency < 1: " + concurrency);
        this.concurrency = concurrency;
        this.interval = interval;
        this.guard = guard;
    }

    /** Runs every job; returns one result per job, in the jobs' order. {@code onDone} sees each result once. */
    public List<JobResult> run(List<Job> jobs, Function<Job, JobResult> work, Consumer<JobResult> onDone)
            throws InterruptedException {
        long deadline = System.nanoTime() + guard.toNanos();
        List<AtomicReference<JobResult>> slots = new ArrayList<>();
        List<Long> submittedAt = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(jobs.size());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, daemonThreads());
        try {
            for (int i = 0; i < jobs.size(); i++) {
                if (i > 0 && !interval.isZero()) Thread.sleep(interval.toMillis());
                Job job = jobs.get(i);
                AtomicReference<JobResult> slot = new AtomicReference<>();
                slots.add(slot);
                long submittedMs = System.currentTimeMillis();
                submittedAt.add(submittedMs);
                pool.execute(() -> {
                    JobResult result;
                    try {
                        result = work.apply(job);
                    } catch (Throwable t) {
                        result = new JobResult(job.id(), JobResult.Status.FAILED,
                                "job crashed: " + Orchestrator.describe(t), submittedMs,
                                System.currentTimeMillis() - submittedMs);
                    }
                    report(slot, result, onDone);
                    finished.countDown();
                });
            }
            finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            // Jobs still running now are reported before the pool is interrupted, so their
            // reason is the guard and not the interrupt that follows.
            List<JobResult> results = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                Job job = jobs.get(i);
                report(slots.get(i), new JobResult(job.id(), JobResult.Status.FAILED,
                        "did not finish within the " + guard.toSeconds() + " s guard (an adapter call never returned)",
                        submittedAt.get(i), System.currentTimeMillis() - submittedAt.get(i)), onDone);
                results.add(slots.get(i).get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(AtomicReference<JobResult> slot, JobResult result, Consumer<JobResult> onDone) {
        if (slot.compareAndSet(null, result)) onDone.accept(result);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
