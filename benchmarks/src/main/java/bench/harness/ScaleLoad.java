package bench.harness;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale: the time to load (and link and initialise) {@code --classes} generated classes (default
 * 20,000; see {@link GeneratedClasses}) in a forked JVM without the agent, and with it under a
 * 50-rule policy (20 globs, 15 subtypeOf, 15 annotatedWith) that selects 1% of them (200
 * classes, instrumented) and under the same shapes selecting none (matching cost alone).
 * Configurations alternate round by round; median of {@code --rounds} (default 5).
 * Memory: heap and metaspace in use after full GCs, per configuration; per-rule memory is the
 * 50-rule policy (nothing selected) minus a 1-rule policy, divided by 49; growth with the
 * number of classes compares 10,000 against 20,000 loaded (three runs at 10,000, median), with
 * and without the agent: what the agent keeps per class it does not instrument is the difference.
 * Options: {@code --classes N}, {@code --rounds N}, {@code --out FILE}, {@code --java PATH},
 * {@code --quick} (500 classes, 1 round, no memory runs), {@code --compare JAR} (another build of
 * the agent, run with both policies in the same rounds).
 *
 * <p>Besides the medians, each agent run is divided by the no-agent run of its own round, and the
 * median of those ratios is reported: the shared machine this was built on slows down for minutes
 * at a time, which moves every configuration of a round alike, and the ratio cancels it.
 */
public final class ScaleLoad {
    private static final Pattern LINE = Pattern.compile(
            "loaded=(\\d+) loadMs=([\\d.]+) cpuMs=([\\d.]+) instrumented=(\\d+)/(\\d+) heapBytes=(\\d+) metaspaceBytes=(\\d+)");

    private ScaleLoad() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args, "ScaleLoad [--classes N] [--rounds N] [--java PATH] [--out FILE] [--quick] [--compare JAR]");
        run(a.string("--java", BenchPaths.java()), a.integer("--classes", 20_000, 500), a.integer("--rounds", 5, 1),
                !a.quick(), a.path("--out"), a.path("--compare"), System.out);
    }

    /** @param agentOption the whole {@code -javaagent:} option, or null for none */
    record Config(String key, String label, String agentOption) {
        static Config resilience(String key, String label, Path agent, Path policy) {
            return new Config(key, label, resilienceOption(agent, policy));
        }
    }

    private static String resilienceOption(Path agent, Path policy) {
        return "-javaagent:" + agent + "=policy=" + policy;
    }

    record Sample(int loaded, double loadMs, double cpuMs, int instrumented, int targets, long heap, long metaspace) { }

    public static ResultFile run(String java, int classes, int rounds, boolean memory, Path out, PrintStream print)
            throws Exception {
        return run(java, classes, rounds, memory, out, null, print);
    }

    /** @param compare another agent jar run with both policies in the same rounds, or null */
    public static ResultFile run(String java, int classes, int rounds, boolean memory, Path out, Path compare,
                                 PrintStream print) throws Exception {
        Path agent = BenchPaths.require(BenchPaths.agentJar(), "resilience agent jar");
        Path work = Files.createDirectories(BenchPaths.build().resolve("scale"));
        Path jar = work.resolve("generated-" + classes + ".jar");
        int total = GeneratedClasses.write(jar, classes);
        int support = total - classes;
        Path matching = StartupTime.write(work.resolve("scale-50-rules.yaml"), GeneratedClasses.policy(true));
        Path nothing = StartupTime.write(work.resolve("scale-50-rules-nothing.yaml"), GeneratedClasses.policy(false));
        Path oneRule = StartupTime.write(work.resolve("scale-1-rule-nothing.yaml"),
                "version: 1\nrules:\n  - name: rule-0\n    match: { class: \"gen.**.Portal0x*\" }\n");
        List<Config> configs = new ArrayList<>(List.of(
                new Config("noAgent", "no agent", null),
                Config.resilience("agent50Rules", "agent, 50 rules selecting 1% (instrumented)", agent, matching),
                Config.resilience("agent50RulesNothing", "agent, 50 rules selecting nothing", agent, nothing)));
        Path floor = BenchPaths.noopTransformerAgentJar();
        if (Files.isRegularFile(floor)) {
            configs.add(new Config("floor", "do-nothing transformer (same capabilities)", "-javaagent:" + floor));
        }
        if (compare != null) {
            configs.add(Config.resilience("compare50Rules", "--compare jar, 50 rules selecting 1%", compare, matching));
            configs.add(Config.resilience("compare50RulesNothing", "--compare jar, 50 rules selecting nothing", compare, nothing));
        }

        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        configs.forEach(c -> samples.put(c.key, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (Config c : configs) {
                samples.get(c.key).add(child(java, c.agentOption, jar, total, c.key.equals("agent50Rules") || c.key.equals("compare50Rules")));
            }
        }

        ResultFile result = new ResultFile().put("scale.classes", classes).put("scale.rounds", rounds);
        print.printf(Locale.ROOT, "scale: load + link + initialise %,d generated classes (+%d support types), median of %d%n",
                classes, support, rounds);
        print.printf(Locale.ROOT, "%-46s %10s %10s %10s %11s %13s %10s %10s%n", "configuration", "median ms", "min ms", "max ms",
                "CPU med ms", "instrumented", "heap MB", "meta MB");
        for (Config c : configs) {
            List<Sample> s = samples.get(c.key);
            double[] ms = s.stream().mapToDouble(Sample::loadMs).toArray();
            double[] cpu = s.stream().mapToDouble(Sample::cpuMs).toArray();
            Sample last = s.get(s.size() - 1);
            String key = "scale." + c.key + ".";
            result.put(key + "medianMs", Stats.median(ms)).put(key + "minMs", Stats.min(ms)).put(key + "maxMs", Stats.max(ms))
                    .put(key + "cpuMedianMs", Stats.median(cpu))
                    .put(key + "instrumented", last.instrumented + "/" + last.targets)
                    .put(key + "heapBytes", Stats.median(s.stream().mapToDouble(Sample::heap).toArray()))
                    .put(key + "metaspaceBytes", Stats.median(s.stream().mapToDouble(Sample::metaspace).toArray()));
            print.printf(Locale.ROOT, "%-46s %10.1f %10.1f %10.1f %11.1f %13s %10.2f %10.2f%n", c.label, Stats.median(ms),
                    Stats.min(ms), Stats.max(ms), Stats.median(cpu), last.instrumented + "/" + last.targets,
                    Stats.median(s.stream().mapToDouble(Sample::heap).toArray()) / 1048576.0,
                    Stats.median(s.stream().mapToDouble(Sample::metaspace).toArray()) / 1048576.0);
        }
        double base = Stats.median(samples.get("noAgent").stream().mapToDouble(Sample::loadMs).toArray());
        double cpuBase = Stats.median(samples.get("noAgent").stream().mapToDouble(Sample::cpuMs).toArray());
        List<Sample> plain = samples.get("noAgent");
        for (Config c : configs.subList(1, configs.size())) {
            String k = c.key;
            double with = Stats.median(samples.get(k).stream().mapToDouble(Sample::loadMs).toArray());
            double cpuWith = Stats.median(samples.get(k).stream().mapToDouble(Sample::cpuMs).toArray());
            double[] ratios = new double[rounds];
            double[] cpuRatios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = (samples.get(k).get(round).loadMs / plain.get(round).loadMs - 1) * 100;
                cpuRatios[round] = (samples.get(k).get(round).cpuMs / plain.get(round).cpuMs - 1) * 100;
            }
            result.put("scale." + k + ".addedPercent", (with / base - 1) * 100)
                    .put("scale." + k + ".cpuAddedPercent", (cpuWith / cpuBase - 1) * 100)
                    .put("scale." + k + ".perRoundAddedPercent", Stats.median(ratios))
                    .put("scale." + k + ".perRoundCpuAddedPercent", Stats.median(cpuRatios));
            print.printf(Locale.ROOT, "  %s adds %.1f%% to class-loading time (%.1f%% in CPU time of the loading thread);"
                            + " per round: median %.1f%% (quartiles %.1f%% to %.1f%%), CPU %.1f%%%n", k,
                    (with / base - 1) * 100, (cpuWith / cpuBase - 1) * 100, Stats.median(ratios),
                    Stats.percentile(ratios, 25), Stats.percentile(ratios, 75), Stats.median(cpuRatios));
        }
        List<Sample> floorSamples = samples.get("floor");
        if (floorSamples != null) {
            // What the agent adds over what any Java agent that watches class loading costs, round by round.
            for (Config c : configs) {
                if (c.key.equals("noAgent") || c.key.equals("floor")) {
                    continue;
                }
                double[] over = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    over[round] = (samples.get(c.key).get(round).loadMs / floorSamples.get(round).loadMs - 1) * 100;
                }
                result.put("scale." + c.key + ".perRoundOverFloorPercent", Stats.median(over));
                print.printf(Locale.ROOT, "  %s adds %.1f%% over the do-nothing transformer, per round (quartiles %.1f%% to %.1f%%)%n",
                        c.key, Stats.median(over), Stats.percentile(over, 25), Stats.percentile(over, 75));
            }
        }
        if (memory) {
            memory(java, agent, jar, oneRule, matching, nothing, classes, support, samples, result, print);
        }
        result.write(out);
        return result;
    }

    private static void memory(String java, Path agent, Path jar, Path oneRule, Path matching, Path nothing, int classes,
                               int support, Map<String, List<Sample>> samples, ResultFile result, PrintStream print)
            throws Exception {
        Sample oneRuleSample = child(java, resilienceOption(agent, oneRule), jar, support + classes, false);
        int half = classes / 2;
        // three runs each at half the classes: a single heap reading moves by a few hundred KB
        long halfNoAgent = medianHeap(java, agent, null, jar, support + half);
        long halfAgent = medianHeap(java, agent, matching, jar, support + half);
        long halfNothing = medianHeap(java, agent, nothing, jar, support + half);
        double fiftyHeap = Stats.median(samples.get("agent50RulesNothing").stream().mapToDouble(Sample::heap).toArray());
        double perRule = (fiftyHeap - oneRuleSample.heap) / 49.0;
        result.put("scale.memory.oneRuleHeapBytes", oneRuleSample.heap).put("scale.memory.perRuleHeapBytes", perRule);
        long growthAgent = samplesHeap(samples, "agent50Rules") - halfAgent;
        long growthNothing = samplesHeap(samples, "agent50RulesNothing") - halfNothing;
        long growthPlain = samplesHeap(samples, "noAgent") - halfNoAgent;
        result.put("scale.memory.heapGrowthHalfToFull.agent", growthAgent)
                .put("scale.memory.heapGrowthHalfToFull.agentNothingSelected", growthNothing)
                .put("scale.memory.heapGrowthHalfToFull.noAgent", growthPlain);
        print.printf(Locale.ROOT, "  heap per rule (50 rules - 1 rule) / 49: %.0f bytes (noisy: GC-level precision)%n", perRule);
        print.printf(Locale.ROOT, "  heap growth from %,d to %,d classes: %.2f MB with the agent (1%% instrumented), %.2f MB with"
                        + " the agent selecting nothing, %.2f MB without%n",
                half, classes, growthAgent / 1048576.0, growthNothing / 1048576.0, growthPlain / 1048576.0);
    }

    private static long medianHeap(String java, Path agent, Path policy, Path jar, int limit) throws Exception {
        double[] heaps = new double[3];
        for (int i = 0; i < heaps.length; i++) {
            heaps[i] = child(java, policy == null ? null : resilienceOption(agent, policy), jar, limit, false).heap;
        }
        return (long) Stats.median(heaps);
    }

    private static long samplesHeap(Map<String, List<Sample>> samples, String key) {
        return (long) Stats.median(samples.get(key).stream().mapToDouble(Sample::heap).toArray());
    }

    /**
     * @param agentOption null: no agent at all
     * @param allSelected true when every target must have been instrumented (the policy selecting 1%)
     */
    private static Sample child(String java, String agentOption, Path jar, int limit, boolean allSelected) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        if (agentOption != null) {
            command.add(agentOption);
        }
        command.addAll(List.of("-cp", BenchPaths.ownClasses().toString(), ScaleChild.class.getName(), jar.toString(),
                String.valueOf(limit)));
        Launch.Result r = Launch.run(command, 600);
        Matcher m = LINE.matcher(r.stdout());
        if (r.exitCode() != 0 || !m.find()) {
            throw new IllegalStateException("scale child failed (exit " + r.exitCode() + "): " + r.stdout() + r.stderr()
                    + "\ncommand: " + String.join(" ", command));
        }
        Sample s = new Sample(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Long.parseLong(m.group(6)), Long.parseLong(m.group(7)));
        if (allSelected && s.instrumented != s.targets) {
            throw new IllegalStateException("only " + s.instrumented + " of " + s.targets + " selected classes were instrumented");
        }
        return s;
    }
}
