package bench.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample app's workload with healthy services, with and without the agent: the four
 * services simulated by WireMock in this JVM (no faults, instant answers), the real application
 * jar ({@code sample-app/target/sample-app.jar}, {@code com.example.orchestrator.Main}) forked with
 * and without {@code -javaagent:agent/target/resilience-agent.jar=policies/sample-app.yaml}.
 * Jobs are submitted all at once ({@code --interval 0}), so throughput is what the app can do,
 * not the arrival rate. Throughput = jobs / the app's own run time (start of the first job to end
 * of the last, from its {@code --report-json}; JVM start-up excluded). Runs alternate (the order
 * flips every round, a discarded warm-up pair first, since WireMock warms up too); the figure is
 * the median over {@code --rounds} (default 5) of each configuration, and the per-round ratio.
 * Next to it, the steadier figure on a shared machine: the app's CPU time per job (all its threads)
 * over the second half of the jobs, so start-up and most of the warm-up are left out.
 * {@code -Dbench.app.policy=FILE} uses another policy for the agent's runs (default
 * {@code policies/sample-app.yaml}). {@code -Dbench.app.jvmArgs="..."} adds JVM options to every app run, {@code {agent}} standing for
 * {@code with}/{@code without} (e.g. {@code -XX:StartFlightRecording=filename=/tmp/app-{agent}.jfr}).
 * {@code -Dagent.jar=JAR -Dbench.skipAgentCheck=true} runs another agent in place of this one (the
 * do-nothing transformer of {@code bench.agents}, say): the check that the agent's runs printed a
 * {@code [resilience-agent]} line is then skipped.
 * Options: {@code --jobs N} (400), {@code --concurrency N} (8), {@code --rounds N}, {@code --out FILE},
 * {@code --java PATH}, {@code --quick} (10 jobs, 1 round, no warm-up pair).
 */
public final class SampleAppThroughput {
    private static final Pattern START = Pattern.compile("\"startEpochMs\"\\s*:\\s*(\\d+)");
    private static final Pattern END = Pattern.compile("\"endEpochMs\"\\s*:\\s*(\\d+)");
    private static final Pattern COMPLETED = Pattern.compile("\"status\"\\s*:\\s*\"COMPLETED\"");
    private static final List<String> SERVICES = List.of("whisper", "ollama", "supabase", "storage");

    private SampleAppThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args, "SampleAppThroughput [--jobs N] [--concurrency N] [--rounds N] [--java PATH] [--out FILE] [--quick]");
        run(a.string("--java", BenchPaths.java()), a.integer("--jobs", 400, 10), a.integer("--concurrency", 8, 4),
                a.integer("--rounds", 5, 1), !a.quick(), a.path("--out"), System.out);
        System.exit(0); // WireMock's threads
    }

    public static ResultFile run(String java, int jobs, int concurrency, int rounds, boolean warmUp, Path out,
                                 PrintStream print) throws Exception {
        Path app = BenchPaths.require(BenchPaths.sampleAppJar(), "sample app jar");
        Path agent = BenchPaths.require(BenchPaths.agentJar(), "resilience agent jar");
        Path policy = BenchPaths.require(Path.of(System.getProperty("bench.app.policy",
                BenchPaths.root().resolve("policies/sample-app.yaml").toString())), "sample app policy");
        Path work = Files.createDirectories(BenchPaths.build().resolve("sample-app-runs"));
        Map<String, WireMockServer> servers = new LinkedHashMap<>();
        try {
            for (String s : SERVICES) {
                WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                        .containerThreads(2 * concurrency + 8).disableRequestJournal().notifier(new ConsoleNotifier(false)));
                server.start();
                stub(s, server);
                servers.put(s, server);
            }
            List<String> appArgs = new ArrayList<>();
            for (String s : SERVICES) {
                appArgs.addAll(List.of("--" + s, "http://127.0.0.1:" + servers.get(s).port()));
            }
            appArgs.addAll(List.of("--jobs", String.valueOf(jobs), "--concurrency", String.valueOf(concurrency),
                    "--interval", "0", "--guard", "300"));
            List<String> agentArgs = List.of("-javaagent:" + agent + "=" + policy);
            if (warmUp) {
                runApp(java, app, List.of(), appArgs, work, jobs);
                runApp(java, app, agentArgs, appArgs, work, jobs);
            }
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuWithout = new ArrayList<>();
            List<Double> cpuWith = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Run a;
                Run b;
                if (round % 2 == 0) {
                    a = runApp(java, app, List.of(), appArgs, work, jobs);
                    b = runApp(java, app, agentArgs, appArgs, work, jobs);
                } else {
                    b = runApp(java, app, agentArgs, appArgs, work, jobs);
                    a = runApp(java, app, List.of(), appArgs, work, jobs);
                }
                without.add(a.jobsPerSecond());
                with.add(b.jobsPerSecond());
                ratios.add(b.jobsPerSecond() / a.jobsPerSecond());
                cpuWithout.add(a.cpuMsPerJob());
                cpuWith.add(b.cpuMsPerJob());
            }
            double[] w = Stats.of(without);
            double[] x = Stats.of(with);
            double[] r = Stats.of(ratios);
            double[] confidence = Stats.medianConfidence95(r);
            ResultFile result = new ResultFile().put("sampleApp.policy", policy.toString()).put("sampleApp.jobs", jobs).put("sampleApp.concurrency", concurrency)
                    .put("sampleApp.rounds", rounds)
                    .put("sampleApp.noAgent.medianJobsPerSec", Stats.median(w)).put("sampleApp.noAgent.minJobsPerSec", Stats.min(w))
                    .put("sampleApp.noAgent.maxJobsPerSec", Stats.max(w))
                    .put("sampleApp.agent.medianJobsPerSec", Stats.median(x)).put("sampleApp.agent.minJobsPerSec", Stats.min(x))
                    .put("sampleApp.agent.maxJobsPerSec", Stats.max(x))
                    .put("sampleApp.ratio.median", Stats.median(r)).put("sampleApp.ratio.min", Stats.min(r))
                    .put("sampleApp.ratio.max", Stats.max(r))
                    .put("sampleApp.ratio.quartile1", Stats.percentile(r, 25)).put("sampleApp.ratio.quartile3", Stats.percentile(r, 75))
                    .put("sampleApp.ratio.median95Low", confidence[0]).put("sampleApp.ratio.median95High", confidence[1])
                    .put("sampleApp.ratio.rounds", rounded(ratios))
                    .put("sampleApp.noAgent.cpuMsPerJob", Stats.median(Stats.of(cpuWithout)))
                    .put("sampleApp.agent.cpuMsPerJob", Stats.median(Stats.of(cpuWith)));
            print.printf(Locale.ROOT, "sample app, healthy services: %d jobs, %d workers, all submitted at once; %d rounds%n",
                    jobs, concurrency, rounds);
            print.printf(Locale.ROOT, "%-28s %12s %10s %10s%n", "configuration", "median j/s", "min", "max");
            print.printf(Locale.ROOT, "%-28s %12.1f %10.1f %10.1f%n", "without agent", Stats.median(w), Stats.min(w), Stats.max(w));
            print.printf(Locale.ROOT, "%-28s %12.1f %10.1f %10.1f%n", "with agent (" + policy.getFileName() + ")", Stats.median(x),
                    Stats.min(x), Stats.max(x));
            print.printf(Locale.ROOT, "  with/without per round: median %.3f (95%% confidence %.3f..%.3f), quartiles %.3f..%.3f,"
                            + " range %.3f..%.3f%n", Stats.median(r), confidence[0], confidence[1],
                    Stats.percentile(r, 25), Stats.percentile(r, 75), Stats.min(r), Stats.max(r));
            print.printf(Locale.ROOT, "  app CPU per job (second half of the jobs, all threads): %.2f ms without, %.2f ms with the agent%n",
                    Stats.median(Stats.of(cpuWithout)), Stats.median(Stats.of(cpuWith)));
            result.write(out);
            return result;
        } finally {
            servers.values().forEach(WireMockServer::stop);
        }
    }

    /** The per-round ratios, in round order, to 3 decimals: the raw figures behind the summary. */
    private static String rounded(List<Double> values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return text.toString();
    }

    /** One run: jobs per second (the app's own clock), and the app's CPU ms per job over the second half of the jobs. */
    record Run(double jobsPerSecond, double cpuMsPerJob) { }

    /**
     * One forked run of the app. Its {@code --progress} lines are read as they come: the app
     * process's CPU time (all threads, from the OS) is taken when half the jobs have finished and
     * when the last has, so JVM and agent start-up and most of the JIT's warm-up are not in the
     * CPU figure.
     */
    private static Run runApp(String java, Path app, List<String> jvmArgs, List<String> appArgs, Path work, int jobs)
            throws Exception {
        Path report = work.resolve(jvmArgs.isEmpty() ? "run-without-agent.json" : "run-with-agent.json");
        Files.deleteIfExists(report);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmArgs);
        String extra = System.getProperty("bench.app.jvmArgs", "").replace("{agent}", jvmArgs.isEmpty() ? "without" : "with");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", app.toString()));
        command.addAll(appArgs);
        command.addAll(List.of("--report-json", report.toString(), "--progress"));
        Process process = new ProcessBuilder(command).start();
        StringBuilder stderr = new StringBuilder();
        Thread errors = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(l -> stderr.append(l).append('\n'));
            } catch (IOException ignored) {
                // the process ended
            }
        }, "sample-app-stderr");
        errors.setDaemon(true);
        errors.start();
        StringBuilder stdout = new StringBuilder();
        int half = Math.max(1, jobs / 2);
        long cpuAtFirst = -1;
        long cpuAtLast = -1;
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("[progress] ")) {
                    if (line.equals("[progress] " + half + "/" + jobs)) {
                        cpuAtFirst = cpuNanos(process);
                    } else if (line.equals("[progress] " + jobs + "/" + jobs)) {
                        cpuAtLast = cpuNanos(process);
                    }
                } else {
                    stdout.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sample app did not end: " + String.join(" ", command));
        }
        errors.join(10_000);
        if (process.exitValue() != 0 || !Files.isRegularFile(report)) {
            throw new IllegalStateException("sample app failed (exit " + process.exitValue() + "):\n" + stdout + stderr);
        }
        if (!Boolean.getBoolean("bench.skipAgentCheck") && !jvmArgs.isEmpty() && !stderr.toString().contains("[resilience-agent]")) {
            throw new IllegalStateException("no [resilience-agent] line on the agent run's stderr:\n" + stderr);
        }
        String json = Files.readString(report, StandardCharsets.UTF_8);
        long completed = COMPLETED.matcher(json).results().count();
        if (completed != jobs) {
            throw new IllegalStateException("healthy services, yet " + (jobs - completed) + " of " + jobs + " jobs failed:\n"
                    + stdout);
        }
        long ms = first(END, json) - first(START, json);
        double cpuPerJob = cpuAtFirst >= 0 && cpuAtLast > cpuAtFirst && jobs > half
                ? (cpuAtLast - cpuAtFirst) / 1e6 / (jobs - half) : Double.NaN;
        return new Run(jobs / (Math.max(ms, 1) / 1000.0), cpuPerJob);
    }

    private static long cpuNanos(Process process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static long first(Pattern p, String json) {
        Matcher m = p.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in the app's report");
        }
        return Long.parseLong(m.group(1));
    }

    private static void stub(String service, WireMockServer s) {
        switch (service) {
            case "whisper" -> s.stubFor(post(urlPathEqualTo("/inference"))
                    .willReturn(okJson("{\"text\":\" A recorded memo about the quarterly numbers.\"}")));
            case "ollama" -> {
                s.stubFor(post(urlPathEqualTo("/api/generate")).willReturn(okJson(
                        "{\"model\":\"llama3\",\"response\":\"A memo about quarterly numbers.\",\"done\":true}")));
                s.stubFor(post(urlPathEqualTo("/api/embeddings")).willReturn(okJson("{\"embedding\":[0.1,0.2,0.3]}")));
            }
            case "supabase" -> {
                s.stubFor(post(urlPathMatching("/rest/v1/.*")).willReturn(aResponse().withStatus(201)));
                s.stubFor(get(urlPathMatching("/rest/v1/.*")).willReturn(okJson("[]")));
            }
            case "storage" -> {
                s.stubFor(post(urlPathMatching("/storage/v1/object/.*")).willReturn(okJson("{\"Key\":\"transcripts/x.txt\"}")));
                s.stubFor(get(urlPathMatching("/storage/v1/object/.*")).willReturn(aResponse().withBody("transcript")));
            }
            default -> throw new IllegalArgumentException(service);
        }
    }
}
