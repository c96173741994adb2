package com.example.orchestrator;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The app as {@link Main} runs it, for {@link SoakIT}, in a forked JVM under the agent, with what a
 * soak test must see from inside: every second a {@code [soak] sample threads=N} line (live
 * threads), heap used after GC before and after the run, and a pause before exiting so that the
 * test can read the agent's final metrics. The adapters and Main's job runner are used unchanged.
 *
 * <p>Phases, all calls recorded in one {@link CallLog} (so the report holds every adapter call the
 * agent counted): warm-up batches of jobs against {@code BASE/calm} (never faulted) until one batch
 * completes entirely (a cold JVM's first calls can exceed the soak policy's short timeout), then
 * batches of soak jobs against {@code BASE} (faults) until they have made {@code TARGET_CALLS}
 * calls and run for {@code MIN_SECONDS}, a pause longer than the policy's open duration, then {@link #CALM_JOBS} recovery jobs
 * against {@code BASE/calm}, whose calls close any breaker left open. Prints
 * {@code [soak] jobs=N} (all jobs submitted) before the report is written.
 *
 * <p>Arguments: {@code BASE TARGET_CALLS MIN_SECONDS CONCURRENCY REPORT_JSON GUARD_SECONDS} (the guard reports a
 * job still running at its end as FAILED, "did not finish within the guard"). Exits when its stdin ends.
 */
public final class SoakMain {
    private SoakMain() {}

    static final int CALM_JOBS = 20;
    static final int BATCH = 500;
    /**
     * Pause between soak job submissions: far below a job's own time, but it keeps jobs rejected
     * at once by an open breaker (they take microseconds) from flooding the run: at most 1,000 a second.
     */
    static final Duration PACE = Duration.ofMillis(1);
    /** Longer than soak.yaml's breaker openDuration (500 ms). */
    static final long OPEN_PAUSE_MS = 1500;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int targetCalls = Integer.parseInt(args[1]);
        long minMs = Long.parseLong(args[2]) * 1000;
        int concurrency = Integer.parseInt(args[3]);
        Path report = Path.of(args[4]);
        Duration guard = Duration.ofSeconds(Long.parseLong(args[5]));
        Thread sampler = new Thread(() -> {
            try {
                while (true) {
                    System.out.println("[soak] sample threads=" + ManagementFactory.getThreadMXBean().getThreadCount());
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-sampler");
        sampler.setDaemon(true);
        sampler.start();

        CallLog calls = new CallLog();
        List<JobResult> results = new ArrayList<>();
        // one set of adapters per base URL, as Main has one: each JDK HttpClient has its own threads
        Orchestrator calm = orchestrator(base + "/calm", calls);
        Orchestrator faulty = orchestrator(base, calls);
        int submitted = 0;
        for (int batch = 1; batch <= 30; batch++) {
            List<JobResult> warm = run(calm, jobs("warm" + batch + "-", 0, CALM_JOBS), concurrency, Duration.ZERO, guard);
            results.addAll(warm);
            submitted += warm.size();
            if (warm.stream().allMatch(JobResult::completed)) break;
            Thread.sleep(OPEN_PAUSE_MS);
        }
        System.out.println("[soak] heap-start=" + heapAfterGc());
        long startMs = System.currentTimeMillis();
        int soakJobs = 0;
        while (calls.records().stream().filter(c -> c.jobId().startsWith("job-")).count() < targetCalls
                || System.currentTimeMillis() - startMs < minMs) {
            results.addAll(run(faulty, jobs("job-", soakJobs, BATCH), concurrency, PACE, guard));
            soakJobs += BATCH;
        }
        submitted += soakJobs;
        Thread.sleep(OPEN_PAUSE_MS); // > openDuration: every open breaker lets its next call through
        results.addAll(run(calm, jobs("calm-", 0, CALM_JOBS), 1, Duration.ZERO, guard));
        submitted += CALM_JOBS;
        System.out.println("[soak] jobs=" + submitted);
        long endMs = System.currentTimeMillis();
        RunReport.write(report, startMs, endMs, results, calls.records());
        results = null;
        calls = null;
        calm = null;
        faulty = null;
        System.out.println("[soak] heap-end=" + heapAfterGc());
        System.out.println("[soak] idle");
        System.out.flush();
        while (System.in.read() >= 0) {
            // the test reads the agent's metrics, then closes our stdin
        }
        System.exit(0);
    }

    private static Orchestrator orchestrator(String base, CallLog calls) {
        return new Orchestrator(new WhisperClient(base), new OllamaClient(base),
                new SupabaseClient(base, "k"), new StorageClient(base, "k"), "llama3", calls);
    }

    private static List<JobResult> run(Orchestrator orchestrator, List<Job> jobs, int concurrency, Duration interval, Duration guard)
            throws Exception {
        return new JobRunner(concurrency, interval, guard).run(jobs, orchestrator::process, r -> {});
    }

    /** {@code n} of Main's synthetic jobs, named {@code prefix} + number from {@code from + 1}. */
    private static List<Job> jobs(String prefix, int from, int n) {
        List<Job> jobs = new ArrayList<>();
        List<Job> synthetic = Main.syntheticJobs(n);
        for (int i = 0; i < n; i++) {
            String id = String.format("%s%05d", prefix, from + i + 1);
            jobs.add(new Job(id, synthetic.get(i).audio(), id + ".wav"));
        }
        return jobs;
    }

    /** Heap used after full collections, in bytes (the lowest of three, each after a GC). */
    static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }
}
