package bench.harness;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one run's results directory (jmh.csv and the harnesses' *.properties, as run.sh writes
 * them) and prints, in Markdown, the figures of each target of issue 8 with MET / MISSED.
 * JMH errors are its 99.9% confidence half-widths; a difference's error is the root of the sum of
 * squares. Usage: {@code Report RESULTS_DIR}.
 */
public final class Report {
    /** name -> {score, error, bytes/op, CPU ns/op of the benchmark threads, its error, CPU ns/op of the JVM}. */
    private final Map<String, double[]> jmh = new HashMap<>();
    private final Map<String, String> props = new HashMap<>();
    private final PrintStream out;

    private Report(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Report r = new Report(System.out);
        r.load(dir);
        r.print();
    }

    private void load(Path dir) throws Exception {
        Path csv = dir.resolve("jmh.csv");
        if (Files.isRegularFile(csv)) {
            Map<String, double[]> secondary = new HashMap<>();
            for (String line : Files.readAllLines(csv)) {
                List<String> cells = cells(line);
                if (cells.size() < 7 || cells.get(0).equals("Benchmark")) {
                    continue;
                }
                String name = cells.get(0).replace("bench.jmh.", "");
                double score = parse(cells.get(4));
                double error = parse(cells.get(5));
                if (name.contains(":")) {
                    secondary.put(name, new double[] {score, error});
                } else {
                    jmh.put(name, new double[] {score, error, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
                }
            }
            jmh.forEach((name, v) -> {
                v[2] = secondary.getOrDefault(name + ":gc.alloc.rate.norm", new double[] {Double.NaN})[0];
                double[] workers = secondary.getOrDefault(name + ":cpu.workers", new double[] {Double.NaN, Double.NaN});
                v[3] = workers[0];
                v[4] = workers[1];
                v[5] = secondary.getOrDefault(name + ":cpu.process", new double[] {Double.NaN})[0];
            });
        }
        for (String f : new String[] {"precision.properties", "startup.properties", "scale.properties", "sample-app.properties"}) {
            props.putAll(ResultFile.read(dir.resolve(f)));
        }
    }

    /** The cells of one line of JMH's CSV (quoted strings, plain numbers). */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static double parse(String cell) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void print() {
        out.println("| benchmark | wall ns/op | ± (99.9%) | B/op | CPU ns/op (benchmark threads) | ± | CPU ns/op (whole JVM) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        jmh.keySet().stream().sorted().forEach(k -> {
            double[] v = jmh.get(k);
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", k, num(v[0]), num(v[1]), num(v[2]), num(v[3]),
                    num(v[4]), num(v[5]));
        });
        out.println();
        out.println("| target | measured | verdict |");
        out.println("|---|---|---|");
        successPath();
        timeouts();
        rejection();
        twoThreads();
        precision();
        startup();
        scale();
        sampleApp();
    }

    private void successPath() {
        String p = "SuccessPathBenchmark.";
        if (!jmh.containsKey(p + "agentRetryBreaker")) {
            return;
        }
        double[] direct = jmh.get(p + "direct");
        double[] agent = jmh.get(p + "agentRetryBreaker");
        double[] rate = jmh.get(p + "agentRetryRateBreaker");
        double[] r4j = jmh.get(p + "resilience4jRetryBreaker");
        double[] fs = jmh.get(p + "failsafeRetryBreaker");
        double added = agent[0] - direct[0];
        double addedRate = rate[0] - direct[0];
        row("retry + breaker: <= 20 ns added per call", String.format(Locale.ROOT, "%s ± %s ns added (rate breaker: %s ± %s)",
                num(added), num(err(agent, direct)), num(addedRate), num(err(rate, direct))), added <= 20);
        double cpuAdded = agent[3] - direct[3];
        row("(cross-check, CPU time) retry + breaker added per call", String.format(Locale.ROOT,
                "%s ns CPU added (rate breaker %s); R4j adds %s (%.1fx), Failsafe %s (%.1fx)", num(cpuAdded),
                num(rate[3] - direct[3]), num(r4j[3] - direct[3]), (r4j[3] - direct[3]) / cpuAdded, num(fs[3] - direct[3]),
                (fs[3] - direct[3]) / cpuAdded), cpuAdded <= 20);
        row("retry + breaker: 0 B/op", String.format(Locale.ROOT, "%s B/op (rate breaker %s)", num(agent[2]), num(rate[2])),
                agent[2] < 1 && rate[2] < 1);
        double r4jAdded = r4j[0] - direct[0];
        double fsAdded = fs[0] - direct[0];
        row("retry + breaker: >= 8x cheaper than Resilience4j", String.format(Locale.ROOT,
                "R4j adds %s ns, %s B/op: %.1fx", num(r4jAdded), num(r4j[2]), r4jAdded / added), r4jAdded / added >= 8);
        row("retry + breaker: >= 20x cheaper than Failsafe", String.format(Locale.ROOT,
                "Failsafe adds %s ns, %s B/op: %.1fx", num(fsAdded), num(fs[2]), fsAdded / added), fsAdded / added >= 20);
    }

    private void timeouts() {
        String p = "TimeoutBenchmark.";
        if (!jmh.containsKey(p + "agentThreadTimeout")) {
            return;
        }
        double[] thread = jmh.get(p + "agentThreadTimeout");
        double[] r4j = jmh.get(p + "resilience4jTimeLimiterBreakerRetry");
        double[] floor = jmh.get(p + "executorSubmitGetFloor");
        row("timeout, mode thread: no slower than R4j TimeLimiter + CB + Retry", String.format(Locale.ROOT,
                "%s ± %s ns, %s B/op vs R4j %s ± %s ns, %s B/op (%.2fx); hand-off floor %s ns", num(thread[0]), num(thread[1]),
                num(thread[2]), num(r4j[0]), num(r4j[1]), num(r4j[2]), thread[0] / r4j[0], num(floor[0])), thread[0] <= r4j[0]);
        row("(cross-check, CPU time of the whole JVM) timeout, mode thread", String.format(Locale.ROOT,
                "%s ns vs R4j %s ns (%.2fx); hand-off floor %s ns", num(thread[5]), num(r4j[5]), thread[5] / r4j[5],
                num(floor[5])), thread[5] <= r4j[5]);
        double[] interrupt = jmh.get(p + "agentInterruptTimeout");
        double[] fs = jmh.get(p + "failsafeTimeoutBreakerRetry");
        double[] direct = jmh.get("SuccessPathBenchmark.direct");
        double[] retryBreaker = jmh.get("SuccessPathBenchmark.agentRetryBreaker");
        if (direct != null) {
            double added = interrupt[0] - direct[0];
            row("timeout, mode interrupt: <= 1 us added, well under Failsafe Timeout", String.format(Locale.ROOT,
                    "%s ± %s ns added (%s over retry + breaker), %s B/op; Failsafe %s ± %s ns, %s B/op", num(added),
                    num(err(interrupt, direct)), num(interrupt[0] - retryBreaker[0]), num(interrupt[2]), num(fs[0]), num(fs[1]),
                    num(fs[2])), added <= 1000 && interrupt[0] < fs[0]);
            row("(cross-check, CPU time of the whole JVM) timeout, mode interrupt", String.format(Locale.ROOT,
                    "%s ns added; Failsafe %s ns", num(interrupt[5] - direct[5]), num(fs[5])), interrupt[5] - direct[5] <= 1000);
        }
    }

    private void rejection() {
        double[] agent = jmh.get("RejectionBenchmark.agentOpenCircuit");
        if (agent == null) {
            return;
        }
        double[] r4j = jmh.get("RejectionBenchmark.resilience4jOpenCircuit");
        double[] fs = jmh.get("RejectionBenchmark.failsafeOpenCircuit");
        row("open circuit: rejected in < 1 us, exception included", String.format(Locale.ROOT,
                "%s ± %s ns, %s B/op (R4j %s ns, Failsafe %s ns)", num(agent[0]), num(agent[1]), num(agent[2]), num(r4j[0]),
                num(fs[0])), agent[0] < 1000);
        row("(cross-check, CPU time) open circuit", String.format(Locale.ROOT, "%s ns (R4j %s, Failsafe %s)", num(agent[3]),
                num(r4j[3]), num(fs[3])), agent[3] < 1000);
    }

    private void twoThreads() {
        double[] one = jmh.get("SuccessPathBenchmark.agentRetryBreaker");
        double[] two = jmh.get("TwoThreadsBenchmark.agentRetryBreaker");
        if (one == null || two == null) {
            return;
        }
        double[] oneRate = jmh.get("SuccessPathBenchmark.agentRetryRateBreaker");
        double[] twoRate = jmh.get("TwoThreadsBenchmark.agentRetryRateBreaker");
        double[] directOne = jmh.get("SuccessPathBenchmark.direct");
        double[] directTwo = jmh.get("TwoThreadsBenchmark.direct");
        row("two threads on one rule: per call <= 2x one thread", String.format(Locale.ROOT,
                "%s ± %s ns vs %s ± %s ns: %.2fx (rate breaker %.2fx; direct %.2fx)", num(two[0]), num(two[1]), num(one[0]),
                num(one[1]), two[0] / one[0], twoRate[0] / oneRate[0], directTwo[0] / directOne[0]),
                two[0] <= 2 * one[0] && twoRate[0] <= 2 * oneRate[0]);
        row("(cross-check, CPU time) two threads: CPU per call vs one thread", String.format(Locale.ROOT,
                "%s vs %s ns: %.2fx (rate breaker %s vs %s: %.2fx; direct %.2fx)", num(two[3]), num(one[3]), two[3] / one[3],
                num(twoRate[3]), num(oneRate[3]), twoRate[3] / oneRate[3], directTwo[3] / directOne[3]),
                two[3] <= 2 * one[3] && twoRate[3] <= 2 * oneRate[3]);
    }

    private void precision() {
        if (!props.containsKey("precision.thread-sleep.1t.p99Ms")) {
            return;
        }
        double worst = 0;
        StringBuilder s = new StringBuilder();
        for (String c : new String[] {"thread-sleep", "thread-blockedRead", "interrupt-sleep"}) {
            for (String t : new String[] {"1t", "2t"}) {
                double p99 = d("precision." + c + "." + t + ".p99Ms");
                worst = Math.max(worst, p99);
                s.append(String.format(Locale.ROOT, "%s %s %s ms; ", c, t, num(p99)));
            }
        }
        String control = props.containsKey("precision.control-sleep.1t.p99Ms") ? String.format(Locale.ROOT,
                "; control without agent (Thread.sleep 20 ms): p99 %s ms / %s ms (1 / 2 threads)",
                num(d("precision.control-sleep.1t.p99Ms")), num(d("precision.control-sleep.2t.p99Ms"))) : "";
        row("timeout precision: p99 overshoot <= 20 ms (1 and 2 threads, both body kinds)", "p99 " + s + "worst "
                + num(worst) + " ms" + control, worst <= 20);
    }

    private void startup() {
        if (!props.containsKey("startup.plain.medianMs")) {
            return;
        }
        double plain = d("startup.plain.medianMs");
        double bb = d("startup.byteBuddyAgent.medianMs") - plain;
        double one = d("startup.agentOneMatched.medianMs") - plain;
        double none = d("startup.agentNothingMatched.medianMs") - plain;
        double empty = d("startup.emptyAgent.medianMs") - plain;
        row("start-up, one class matched: adds <= the minimal Byte Buddy agent", String.format(Locale.ROOT,
                "+%s ms vs +%s ms (%.2fx; plain %s ms, empty premain +%s ms)", num(one), num(bb), one / bb, num(plain), num(empty)),
                one <= bb);
        double cpuPlain = d("startup.plain.cpuMedianMs");
        if (!Double.isNaN(cpuPlain)) {
            double cpuBb = d("startup.byteBuddyAgent.cpuMedianMs") - cpuPlain;
            double cpuOne = d("startup.agentOneMatched.cpuMedianMs") - cpuPlain;
            double cpuNone = d("startup.agentNothingMatched.cpuMedianMs") - cpuPlain;
            row("(cross-check, CPU time of the JVM) start-up", String.format(Locale.ROOT,
                    "one matched +%s ms vs Byte Buddy +%s ms (%.2fx); nothing matched +%s ms (plain %s ms CPU)", num(cpuOne),
                    num(cpuBb), cpuOne / cpuBb, num(cpuNone), num(cpuPlain)), null);
        }
        row("start-up stretch: <= half the minimal Byte Buddy agent", String.format(Locale.ROOT, "%.2fx", one / bb),
                one <= bb / 2);
        row("start-up, nothing matched: <= 150 ms over a plain JVM", "+" + num(none) + " ms", none <= 150);
        if (props.containsKey("startup.agentOneMatched.perRoundAddedMs")) {
            double roundOne = d("startup.agentOneMatched.perRoundAddedMs");
            double roundBb = d("startup.byteBuddyAgent.perRoundAddedMs");
            double roundNone = d("startup.agentNothingMatched.perRoundAddedMs");
            row("(cross-check, each run against the plain run of its round) start-up", String.format(Locale.ROOT,
                    "one matched +%s ms vs Byte Buddy +%s ms (%.2fx); nothing matched +%s ms", num(roundOne), num(roundBb),
                    roundOne / roundBb, num(roundNone)), roundOne <= roundBb / 2 && roundNone <= 150);
        }
    }

    private void scale() {
        if (!props.containsKey("scale.agent50Rules.addedPercent")) {
            return;
        }
        double added = d("scale.agent50Rules.addedPercent");
        row("scale: 20,000 classes under 50 rules add <= 15% to class loading", String.format(Locale.ROOT,
                "+%s%% (1%% selected and instrumented: %s ms vs %s ms); +%s%% when the rules select nothing",
                num(added), num(d("scale.agent50Rules.medianMs")), num(d("scale.noAgent.medianMs")),
                num(d("scale.agent50RulesNothing.addedPercent"))), added <= 15);
        if (props.containsKey("scale.agent50Rules.cpuAddedPercent")) {
            row("(cross-check, CPU time of the loading thread) scale", String.format(Locale.ROOT,
                    "+%s%% (%s ms vs %s ms); +%s%% when the rules select nothing", num(d("scale.agent50Rules.cpuAddedPercent")),
                    num(d("scale.agent50Rules.cpuMedianMs")), num(d("scale.noAgent.cpuMedianMs")),
                    num(d("scale.agent50RulesNothing.cpuAddedPercent"))), d("scale.agent50Rules.cpuAddedPercent") <= 15);
        }
        if (props.containsKey("scale.agent50Rules.perRoundAddedPercent")) {
            row("(cross-check, each run against the no-agent run of its round) scale", String.format(Locale.ROOT,
                    "+%s%% median per round (CPU +%s%%); +%s%% when the rules select nothing",
                    num(d("scale.agent50Rules.perRoundAddedPercent")), num(d("scale.agent50Rules.perRoundCpuAddedPercent")),
                    num(d("scale.agent50RulesNothing.perRoundAddedPercent"))), d("scale.agent50Rules.perRoundAddedPercent") <= 15);
        }
        if (props.containsKey("scale.floor.perRoundAddedPercent")) {
            row("(what limits it) scale: a do-nothing transformer with the same capabilities", String.format(Locale.ROOT,
                    "+%s%% median per round; over it, the agent adds +%s%% (1%% instrumented) and +%s%% (nothing selected)",
                    num(d("scale.floor.perRoundAddedPercent")), num(d("scale.agent50Rules.perRoundOverFloorPercent")),
                    num(d("scale.agent50RulesNothing.perRoundOverFloorPercent"))), null);
        }
        if (props.containsKey("scale.memory.perRuleHeapBytes")) {
            row("scale: per-rule memory small and fixed", String.format(Locale.ROOT,
                    "%s bytes of heap per rule; heap growth 10k -> 20k classes: %s MB with the agent (1%% instrumented), %s MB"
                            + " selecting nothing, %s MB without",
                    num(d("scale.memory.perRuleHeapBytes")), num(d("scale.memory.heapGrowthHalfToFull.agent") / 1048576.0),
                    num(props.containsKey("scale.memory.heapGrowthHalfToFull.agentNothingSelected")
                            ? d("scale.memory.heapGrowthHalfToFull.agentNothingSelected") / 1048576.0 : Double.NaN),
                    num(d("scale.memory.heapGrowthHalfToFull.noAgent") / 1048576.0)), null);
        }
    }

    private void sampleApp() {
        if (!props.containsKey("sampleApp.ratio.median")) {
            return;
        }
        double ratio = d("sampleApp.ratio.median");
        String confidence = props.containsKey("sampleApp.ratio.median95Low")
                ? String.format(Locale.ROOT, ", 95%% confidence of the median %s..%s", num(d("sampleApp.ratio.median95Low")),
                        num(d("sampleApp.ratio.median95High")))
                : "";
        row("sample app, healthy services: throughput within 2%", String.format(Locale.ROOT,
                "with/without %s (per-round range %s..%s%s); %s vs %s jobs/s", num(ratio), num(d("sampleApp.ratio.min")),
                num(d("sampleApp.ratio.max")), confidence, num(d("sampleApp.agent.medianJobsPerSec")),
                num(d("sampleApp.noAgent.medianJobsPerSec"))), Math.abs(ratio - 1) <= 0.02);
        double cpuWithout = d("sampleApp.noAgent.cpuMsPerJob");
        if (!Double.isNaN(cpuWithout)) {
            double cpuWith = d("sampleApp.agent.cpuMsPerJob");
            row("(cross-check, app CPU per job) sample app", String.format(Locale.ROOT, "%s ms with vs %s ms without (%+.1f%%)",
                    num(cpuWith), num(cpuWithout), (cpuWith / cpuWithout - 1) * 100), cpuWith / cpuWithout <= 1.02);
        }
    }

    private void row(String target, String measured, Boolean met) {
        out.printf(Locale.ROOT, "| %s | %s | %s |%n", target, measured, met == null ? "see text" : met ? "MET" : "MISSED");
    }

    private double d(String key) {
        String v = props.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private static double err(double[] a, double[] b) {
        return Math.sqrt(a[1] * a[1] + b[1] * b[1]);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }
}
