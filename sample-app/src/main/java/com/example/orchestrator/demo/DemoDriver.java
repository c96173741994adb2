package com.example.orchestrator.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo: starts the four services simulated by WireMock on 127.0.0.1 with a scripted, seeded
 * fault schedule ({@link FaultPlan}), runs the same jobs twice in forked JVMs - without the agent,
 * then with {@code -javaagent:<agent jar>=<demo policy>} - and prints the measured figures and
 * timelines side by side; writes the same as a self-contained HTML page.
 *
 * <p>Run from the repository root after {@code mvn -B -q package -DskipTests}:
 * {@code java -jar sample-app/target/sample-app-demo.jar}. Options: {@code --jobs N}
 * (default 60), {@code --concurrency N} (8), {@code --interval MS} (150), {@code --seed N} (42).
 * System properties (paths relative to the working directory): {@code agent.jar}
 * (agent/target/resilience-agent.jar), {@code demo.policy} (policies/sample-app-demo.yaml); these two
 * defaults are looked up in the repository this jar was built in when the working directory has none;
 * {@code demo.report} (target/demo-report.html), {@code app.jar} (sample-app.jar next to this jar).
 * Without the agent jar, the demo runs without the agent only and says so.
 */
public final class DemoDriver {
    /** Only a safety net: no run of the demo's schedule comes near it. */
    static final int GUARD_SECONDS = 40;

    private DemoDriver() {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = options(args);
        int exit = run(o.get("--jobs"), o.get("--concurrency"), o.get("--interval"), o.get("--seed"), System.out);
        System.exit(exit);
    }

    /** Runs the demo; returns 0, or 1 if a run could not be carried out. */
    static int run(int jobs, int concurrency, int intervalMs, long seed, PrintStream out) throws Exception {
        Path agentJar = inRepository("agent.jar", "agent/target/resilience-agent.jar");
        Path policy = inRepository("demo.policy", "policies/sample-app-demo.yaml");
        Path report = Path.of(System.getProperty("demo.report", "target/demo-report.html")).toAbsolutePath();
        Path appJar = appJar();
        AppFork.requireFile(appJar, "application jar (build it with mvn -B -q package -DskipTests)");
        Path workDir = report.getParent().resolve("demo");
        Files.createDirectories(workDir);

        String agentNote = null;
        boolean withAgent = Files.isRegularFile(agentJar) && Files.isRegularFile(policy);
        if (!withAgent) {
            agentNote = "run with the agent skipped: " + (Files.isRegularFile(agentJar) ? "policy " + policy : "agent jar " + agentJar)
                    + " not found (build the agent module, or pass -Dagent.jar=PATH)";
        }
        out.printf("resilience-agent demo: %d jobs, %d workers, one every %d ms, seed %d%n", jobs, concurrency, intervalMs, seed);
        out.println("  services simulated by WireMock on 127.0.0.1; fault schedule (" + FaultPlan.class.getSimpleName()
                + ", times from the run's first request):");
        for (String line : FaultPlan.describe()) out.println("    " + line);

        try (SimulatedServices services = new SimulatedServices(new FaultPlan(seed))) {
            services.warmUp();
            List<String> appArgs = List.of("--whisper", services.url("whisper"), "--ollama", services.url("ollama"),
                    "--supabase", services.url("supabase"), "--storage", services.url("storage"),
                    "--jobs", String.valueOf(jobs), "--concurrency", String.valueOf(concurrency),
                    "--interval", String.valueOf(intervalMs), "--guard", String.valueOf(GUARD_SECONDS));
            DemoRun without = runOnce("without agent", false, List.of(), services, appJar, appArgs, workDir, jobs, out);
            DemoRun with = null;
            if (withAgent) {
                with = runOnce("with agent", true, List.of("-javaagent:" + agentJar + "=" + policy), services, appJar, appArgs,
                        workDir, jobs, out);
                if (!with.agentLogSeen()) {
                    agentNote = "no [resilience-agent] line on the agent run's stderr: breaker figures are n/a";
                }
            }
            Comparison c = Comparison.of(without, with, agentFigures());
            ConsoleReport.print(c, out, agentNote);
            HtmlReport.write(c, report, agentNote);
            out.println();
            out.println("Report: " + report);
        }
        return 0;
    }

    private static DemoRun runOnce(String label, boolean agent, List<String> jvmArgs, SimulatedServices services, Path appJar,
                                   List<String> appArgs, Path workDir, int jobs, PrintStream out) throws Exception {
        Path json = workDir.resolve(agent ? "run-with-agent.json" : "run-without-agent.json");
        Files.deleteIfExists(json);
        List<String> args = new ArrayList<>(appArgs);
        args.addAll(List.of("--report-json", json.toString()));
        services.startRun();
        java.util.function.IntConsumer progress = AppFork.progressBar(out, label, jobs);
        progress.accept(0);
        AppFork.Outcome outcome = AppFork.run(jvmArgs, appJar, args, progress, GUARD_SECONDS + 20);
        if (System.console() != null) out.println();
        if (!Files.isRegularFile(json)) {
            throw new IOException(label + ": the application wrote no report (exit " + outcome.exitCode() + ")\n"
                    + String.join("\n", outcome.stdout()) + "\n"
                    + String.join("\n", outcome.stderr().stream().map(AppFork.StampedLine::text).toList()));
        }
        RunData data = RunData.read(json);
        // The app's clock starts when the run starts; align the fault schedule's clock on it.
        Map<String, List<Long>> requests = new LinkedHashMap<>();
        Map<String, Map<FaultPlan.Kind, Integer>> served = new LinkedHashMap<>();
        for (String s : SimulatedServices.SERVICES) {
            requests.put(s, services.requestTimes(s));
            served.put(s, services.served(s));
        }
        List<BreakerLog.Transition> transitions = new ArrayList<>();
        Map<String, Map<String, Long>> summaries = new LinkedHashMap<>();
        boolean agentLog = false;
        for (AppFork.StampedLine line : outcome.stderr()) {
            if (line.text().startsWith(BreakerLog.PREFIX)) agentLog = true;
            BreakerLog.Transition t = BreakerLog.parse(line.text(), line.atEpochMs());
            if (t != null) transitions.add(t);
            Map.Entry<String, Map<String, Long>> summary = SummaryLog.parse(line.text());
            if (summary != null) summaries.put(summary.getKey(), summary.getValue());
        }
        return new DemoRun(label, agent, data, requests, served, transitions, agentLog, summaries);
    }

    /** Where the agent's own figures come from: its log (breaker transitions, the shutdown summary). */
    static AgentFigureSource agentFigures() {
        return AgentFigureSource.AGENT_LOG;
    }

    /**
     * The file a property names, or its default: relative to the working directory, or, when the demo
     * does not run from the repository root (audit: from sample-app/ it skipped the run with the
     * agent), to the repository this jar was built in (sample-app/target/ is two levels below it),
     * if it is there. Otherwise the working directory's, which the "not found" note then names.
     */
    static Path inRepository(String property, String fromRoot) throws URISyntaxException {
        String explicit = System.getProperty(property);
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath();
        }
        Path here = Path.of(fromRoot).toAbsolutePath();
        if (Files.exists(here)) {
            return here;
        }
        Path root = appJar().getParent();
        for (int up = 0; up < 2 && root != null; up++) {
            root = root.getParent();
        }
        Path built = root == null ? null : root.resolve(fromRoot);
        return built != null && Files.exists(built) ? built : here;
    }

    /** sample-app.jar next to the jar (or classes directory's parent) this class came from, unless -Dapp.jar says otherwise. */
    static Path appJar() throws URISyntaxException {
        String explicit = System.getProperty("app.jar");
        if (explicit != null) return Path.of(explicit).toAbsolutePath();
        Path here = Path.of(DemoDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return here.getParent().resolve("sample-app.jar");
    }

    static Map<String, Integer> options(String[] args) {
        Map<String, Integer> o = new LinkedHashMap<>(Map.of("--jobs", 60, "--concurrency", 8, "--interval", 150, "--seed", 42));
        for (int i = 0; i < args.length; i++) {
            boolean help = args[i].equals("--help") || args[i].equals("-h");
            if (help || !o.containsKey(args[i]) || i + 1 >= args.length) {
                (help ? System.out : System.err).println("usage: java -jar sample-app/target/sample-app-demo.jar"
                        + " [--jobs N] [--concurrency N] [--interval MS] [--seed N]");
                System.exit(help ? 0 : 2);
            }
            o.put(args[i], Integer.parseInt(args[++i]));
        }
        return o;
    }
}
