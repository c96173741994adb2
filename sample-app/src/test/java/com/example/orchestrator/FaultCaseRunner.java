package com.example.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The application side of {@link FaultMatrixIT}'s agent cases: runs in one forked JVM (under the
 * agent) several cases one after the other, each as the app would run it - one job on a
 * {@link JobRunner}, calls recorded by a {@link CallLog}, a {@link RunReport} written - against
 * its own base URL.
 *
 * <p>After each case a probe job runs against {@code <base><case>-after}, where every service is
 * healthy: its calls reaching the services show that the case left every breaker closed, and its
 * successes end any run of consecutive failures the case left behind (a failed upload is one), so
 * each case meets the agent in the state a fresh JVM would: no case's failures add up with the
 * next one's.
 *
 * <p>A healthy job against {@code <base>/warm-up} comes first ({@link #WARM_UP}).
 *
 * <p>Arguments: {@code BASE_URL REPORT_DIR CASE...}, each case a base path such as
 * {@code /agent/storage/http_503}. Writes {@code REPORT_DIR/<case with / as _>.json} and
 * {@code ...-after.json}; prints {@code [case] <case> begin} and {@code [case] <case> end} on stderr
 * around each case and its probe, so the agent's log lines in between belong to it.
 */
public final class FaultCaseRunner {
    static final String MARKER = "[case] ";
    /**
     * Base path of a first, healthy job that warms the JVM up (class loading, the agent's first
     * instrumented calls, HttpClient start-up), so that no case's first attempt runs into the
     * policy's 1 s timeout merely because the JVM is cold on a busy machine.
     */
    static final String WARM_UP = "/warm-up";

    private FaultCaseRunner() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dir = Path.of(args[1]);
        runOneJob(base + WARM_UP, null);
        for (String c : List.of(args).subList(2, args.length)) {
            System.err.println(MARKER + c + " begin");
            runOneJob(base + c, reportFile(dir, c));
            runOneJob(base + c + "-after", reportFile(dir, c + "-after"));
            System.err.println(MARKER + c + " end");
        }
        // abandoned agent workers (a timed-out upload still blocked in its read) must not hold the JVM
        System.exit(0);
    }

    static Path reportFile(Path dir, String casePath) {
        return dir.resolve(casePath.replaceFirst("^/", "").replace('/', '_') + ".json");
    }

    /** One job against {@code baseUrl}, as {@link Main} runs it; its report written when {@code report} is not null. */
    static JobResult runOneJob(String baseUrl, Path report) throws Exception {
        CallLog calls = new CallLog();
        Orchestrator orchestrator = new Orchestrator(new WhisperClient(baseUrl), new OllamaClient(baseUrl),
                new SupabaseClient(baseUrl, "k"), new StorageClient(baseUrl, "k"), "llama3", calls);
        long startMs = System.currentTimeMillis();
        List<JobResult> results = new JobRunner(1, Duration.ZERO, Duration.ofSeconds(30))
                .run(Main.syntheticJobs(1), orchestrator::process, r -> {});
        if (report != null) RunReport.write(report, startMs, System.currentTimeMillis(), results, calls.records());
        return results.get(0);
    }
}
