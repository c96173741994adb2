package com.example.orchestrator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Command-line entry point: runs N jobs against the four services and prints what happened.
 * Exit status 0 once the run has ended (whatever the jobs' outcomes), 2 for bad arguments.
 */
public final class Main {
    static final List<String> SERVICES = List.of("whisper", "ollama", "supabase", "storage");

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o.demo()) {
            runDemo(args);
            return;
        }
        CallLog calls = new CallLog();
        Orchestrator orchestrator = new Orchestrator(new WhisperClient(o.whisper()), new OllamaClient(o.ollama()),
                new SupabaseClient(o.supabase(), o.apiKey()), new StorageClient(o.storage(), o.apiKey()),
                o.model(), calls);
        List<Job> jobs = syntheticJobs(o.jobs());
        AtomicInteger done = new AtomicInteger();
        long startMs = System.currentTimeMillis();
        List<JobResult> results = new JobRunner(o.concurrency(), o.interval(), o.guard()).run(jobs, orchestrator::process, r -> {
            int n = done.incrementAndGet();
            if (o.progress()) System.out.println("[progress] " + n + "/" + jobs.size());
        });
        long endMs = System.currentTimeMillis();
        print(results, calls.records());
        if (o.reportJson() != null) RunReport.write(o.reportJson(), startMs, endMs, results, calls.records());
        // Workers abandoned by the guard (or agent threads) must not keep the JVM alive.
        System.exit(0);
    }

    /** Jobs with small fake WAV files, the same for every run. */
    static List<Job> syntheticJobs(int n) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String id = String.format("job-%03d", i);
            byte[] header = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
            byte[] audio = new byte[header.length + 2048];
            System.arraycopy(header, 0, audio, 0, header.length);
            for (int k = header.length; k < audio.length; k++) audio[k] = (byte) ((k * 31 + i) & 0xff);
            jobs.add(new Job(id, audio, id + ".wav"));
        }
        return jobs;
    }

    private static void print(List<JobResult> results, List<CallRecord> calls) {
        System.out.printf("%-9s %6s %6s %6s %8s %9s %9s%n", "service", "calls", "ok", "failed", "timeouts", "p50 ms", "p99 ms");
        for (String s : SERVICES) {
            CallStats st = CallStats.of(s, calls);
            System.out.printf("%-9s %6d %6d %6d %8d %9.1f %9.1f%n", s, st.calls(), st.successes(), st.failures(),
                    st.timeouts(), st.p50Ms(), st.p99Ms());
        }
        long completed = results.stream().filter(JobResult::completed).count();
        System.out.printf("jobs: %d completed, %d failed, %d total%n", completed, results.size() - completed, results.size());
        Map<String, Integer> reasons = new TreeMap<>();
        for (JobResult r : results) {
            if (!r.completed()) reasons.merge(r.reason().replaceAll("(HTTP \\d+).*", "$1"), 1, Integer::sum);
        }
        reasons.forEach((reason, n) -> System.out.printf("  %3d x %s%n", n, reason));
    }

    private static void runDemo(String[] args) throws Exception {
        Class<?> driver;
        try {
            driver = Class.forName("com.example.orchestrator.demo.DemoDriver");
            Class.forName("com.github.tomakehurst.wiremock.WireMockServer"); // a classes directory has the driver alone
        } catch (ClassNotFoundException e) {
            // sample-app.jar holds the application alone; the demo jar beside it has the driver and WireMock
            Path demoJar = demoJarBeside();
            if (demoJar == null) {
                System.err.println("--demo needs the demo driver and WireMock: run\n"
                        + "  java -jar sample-app/target/sample-app-demo.jar");
                System.exit(2);
                return;
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            for (String property : DEMO_PROPERTIES) { // the demo's own settings (sample-app/README.md), passed on
                String value = System.getProperty(property);
                if (value != null) command.add("-D" + property + "=" + value);
            }
            command.addAll(List.of("-jar", demoJar.toString()));
            command.addAll(List.of(demoArguments(args)));
            Process demo = new ProcessBuilder(command).inheritIO().start();
            // stopping this JVM (an IDE's stop button, SIGTERM) stops the demo and the JVMs it forked
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.descendants().forEach(ProcessHandle::destroy);
                demo.destroy();
            }, "demo-stop"));
            System.exit(demo.waitFor());
            return;
        }
        driver.getMethod("main", String[].class).invoke(null, (Object) demoArguments(args));
    }

    private static final List<String> DEMO_PROPERTIES = List.of("agent.jar", "demo.policy", "demo.report", "app.jar");

    /** {@code sample-app-demo.jar} in the directory of the jar this class came from, or null. */
    static Path demoJarBeside() {
        try {
            Path here = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path demo = here.resolveSibling("sample-app-demo.jar");
            return Files.isRegularFile(demo) ? demo : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The options the demo driver takes, as given ({@code --jobs}, {@code --concurrency},
     * {@code --interval}, and its own {@code --seed}); the rest are the app's own.
     */
    static String[] demoArguments(String[] args) {
        List<String> passed = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (List.of("--jobs", "--concurrency", "--interval", "--seed").contains(args[i])) {
                passed.add(args[i]);
                passed.add(args[++i]);
            }
        }
        return passed.toArray(new String[0]);
    }
}
