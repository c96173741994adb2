package bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up cost: wall time of {@code java ... bench.startup.Hello} from launch to exit, five ways,
 * interleaved round by round (so a burst of load elsewhere hits every configuration alike), one
 * warm-up round discarded (not with a single run), then the median of {@code --runs} (default 10):
 * <ol>
 *   <li>plain: no agent;</li>
 *   <li>empty premain agent (the JVM's agent machinery alone);</li>
 *   <li>minimal Byte Buddy agent: default AgentBuilder, type(named(Greeter)), one Advice;</li>
 *   <li>the resilience agent, policy matching the one loaded class Greeter (built-in defaults:
 *       retry, breaker, 10 s timeout in mode thread);</li>
 *   <li>the resilience agent, policy matching nothing the application loads.</li>
 * </ol>
 * Each run's output is checked: the agents must have been in the way (Greeter's body on a
 * {@code resilience-timeout} thread; the advice counted one entry). Then one extra run each with
 * {@code -Xlog:class+load} counts the classes loaded. CPU time (user + system, every thread of the
 * child) is reported next to wall time: on a shared machine it is the steadier of the two. Options: {@code --runs N}, {@code --out FILE},
 * {@code --java PATH}, {@code --quick} (1 run, no class counts).
 */
public final class StartupTime {
    private StartupTime() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args, "StartupTime [--runs N] [--java PATH] [--out FILE] [--quick]");
        String java = a.string("--java", BenchPaths.java());
        run(java, a.integer("--runs", 10, 1), !a.quick(), a.path("--out"), System.out);
    }

    record Config(String key, String label, List<String> jvmArgs, String mustPrint) { }

    public static ResultFile run(String java, int runs, boolean countClasses, Path out, PrintStream print) throws Exception {
        Path app = BenchPaths.require(BenchPaths.startupAppJar(), "startup application jar");
        Path agent = BenchPaths.require(BenchPaths.agentJar(), "resilience agent jar");
        Path empty = BenchPaths.require(BenchPaths.emptyAgentJar(), "empty agent jar");
        Path byteBuddy = BenchPaths.require(BenchPaths.byteBuddyAgentJar(), "Byte Buddy reference agent jar");
        Path policies = Files.createDirectories(BenchPaths.build().resolve("startup"));
        Path one = write(policies.resolve("startup-one.yaml"), """
                version: 1
                rules:
                  - name: greeter
                    match: { class: bench.startup.Greeter }
                """);
        Path none = write(policies.resolve("startup-none.yaml"), """
                version: 1
                rules:
                  - name: nothing
                    match: { class: com.example.absent.Nothing }
                """);
        List<Config> configs = List.of(
                new Config("plain", "plain JVM, no agent", List.of(), "body ran on main"),
                new Config("emptyAgent", "empty premain agent", List.of("-javaagent:" + empty), "body ran on main"),
                new Config("byteBuddyAgent", "minimal Byte Buddy agent, 1 class", List.of("-javaagent:" + byteBuddy
                        + "=bench.startup.Greeter"), "advice entries: 1"),
                new Config("agentOneMatched", "resilience agent, policy matches 1 loaded class",
                        List.of("-javaagent:" + agent + "=policy=" + one), "body ran on resilience-timeout-"),
                new Config("agentNothingMatched", "resilience agent, policy matches nothing loaded",
                        List.of("-javaagent:" + agent + "=policy=" + none), "body ran on main"));

        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        configs.forEach(c -> wall.put(c.key, new ArrayList<>()));
        configs.forEach(c -> cpu.put(c.key, new ArrayList<>()));
        int first = runs > 1 ? 0 : 1;                            // round 0: warm-up, discarded
        for (int round = first; round <= runs; round++) {
            for (Config c : configs) {
                Launch.Result r = launch(java, app, c, List.of());
                if (round > 0) {
                    wall.get(c.key).add(r.wallMs());
                    cpu.get(c.key).add(childCpuMs(r));
                }
            }
        }
        Map<String, Integer> classes = new LinkedHashMap<>();
        if (countClasses) {
            for (Config c : configs) {
                Launch.Result r = launch(java, app, c, List.of("-Xlog:class+load=info"));
                classes.put(c.key, (int) r.stdout().lines().filter(l -> l.contains("[class,load]")).count());
            }
        }

        ResultFile result = new ResultFile().put("startup.java", java).put("startup.runs", runs);
        print.printf(Locale.ROOT, "start-up: java ... bench.startup.Hello, wall time ms over %d runs (%s)%n", runs, java);
        print.printf(Locale.ROOT, "%-50s %9s %9s %9s %12s %9s%n", "configuration", "median", "min", "max", "CPU median",
                "classes");
        for (Config c : configs) {
            double[] ms = Stats.of(wall.get(c.key));
            double[] cpuMs = Stats.of(cpu.get(c.key));
            result.put("startup." + c.key + ".medianMs", Stats.median(ms)).put("startup." + c.key + ".minMs", Stats.min(ms))
                    .put("startup." + c.key + ".maxMs", Stats.max(ms)).put("startup." + c.key + ".cpuMedianMs", Stats.median(cpuMs));
            if (classes.containsKey(c.key)) {
                result.put("startup." + c.key + ".classes", classes.get(c.key));
            }
            print.printf(Locale.ROOT, "%-50s %9.1f %9.1f %9.1f %12.1f %9s%n", c.label, Stats.median(ms), Stats.min(ms),
                    Stats.max(ms), Stats.median(cpuMs), classes.getOrDefault(c.key, -1) < 0 ? "-" : classes.get(c.key).toString());
        }
        // Each run against the plain JVM's run of the same round: a slow spell of the machine moves a
        // whole round alike, and the difference within the round cancels most of it.
        List<Double> plain = wall.get("plain");
        for (Config c : configs.subList(1, configs.size())) {
            List<Double> runsOf = wall.get(c.key);
            double[] added = new double[runsOf.size()];
            for (int i = 0; i < added.length; i++) {
                added[i] = runsOf.get(i) - plain.get(i);
            }
            result.put("startup." + c.key + ".perRoundAddedMs", Stats.median(added));
            print.printf(Locale.ROOT, "  %s adds %.1f ms over the plain JVM, median of the differences within a round"
                    + " (quartiles %.1f to %.1f)%n", c.key, Stats.median(added), Stats.percentile(added, 25), Stats.percentile(added, 75));
        }
        result.write(out);
        return result;
    }

    /**
     * Launches through {@code bash -c '"$@"; times'}, so bash reports the child's CPU time (user
     * and system, all its threads) after it exits; bash's own start (a few ms) is in every
     * configuration's wall time alike.
     */
    private static Launch.Result launch(String java, Path app, Config c, List<String> extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\"; status=$?; times >&2; exit $status", "bash", java));
        command.addAll(c.jvmArgs);
        command.addAll(extra);
        command.addAll(List.of("-cp", app.toString(), "bench.startup.Hello"));
        Launch.Result r = Launch.run(command, 120);
        if (r.exitCode() != 0 || !r.stdout().contains(c.mustPrint) || childCpuMs(r) < 0) {
            throw new IllegalStateException(c.label + ": expected exit 0 and \"" + c.mustPrint + "\"; got exit "
                    + r.exitCode() + "\n" + r.stdout() + r.stderr() + "\ncommand: " + String.join(" ", command));
        }
        return r;
    }

    private static final java.util.regex.Pattern TIMES = java.util.regex.Pattern.compile(
            "(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$");

    /** The child's user + system CPU time from bash's {@code times} (its last line on stderr); -1 if absent. */
    static double childCpuMs(Launch.Result r) {
        java.util.regex.Matcher m = TIMES.matcher(r.stderr().strip());
        if (!m.find()) {
            return -1;
        }
        return (Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4))) * 1000;
    }

    static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
