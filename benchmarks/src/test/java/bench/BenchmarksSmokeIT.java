package bench;

import bench.harness.BenchPaths;
import bench.harness.ResultFile;
import bench.harness.SampleAppThroughput;
import bench.harness.ScaleLoad;
import bench.harness.StartupTime;
import bench.harness.TimeoutPrecision;
import bench.jmh.RejectionBenchmark;
import bench.jmh.SuccessPathBenchmark;
import bench.jmh.TimeoutBenchmark;
import bench.jmh.TwoThreadsBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The smoke run: every benchmark and harness once, briefly, so none of them rots. It checks that
 * each produced a result, never what the result is (timing on a shared CI machine means nothing).
 * This JVM carries the real agent and the Byte Buddy reference agent (failsafe's argLine), so the
 * JMH benchmarks run in-process ({@code -f 0}) against instrumented classes; the harnesses that
 * launch JVMs launch them for real, in their quick mode.
 */
class BenchmarksSmokeIT {

    @Test
    void everyJmhBenchmarkProducesAScore() throws Exception {
        Options options = new OptionsBuilder()
                .include("bench\\.jmh\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> scores = results.stream().collect(Collectors.toMap(
                r -> r.getParams().getBenchmark(), r -> r.getPrimaryResult().getScore()));
        assertThat(scores.keySet()).containsExactlyInAnyOrderElementsOf(benchmarkMethods());
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isPositive().isFinite());
    }

    @Test
    void timeoutPrecisionMeasuresEveryCase() throws Exception {
        Map<String, String> r = TimeoutPrecision.run(3, null, quiet()).values();

        for (String c : new String[] {"thread-sleep", "thread-blockedRead", "interrupt-sleep"}) {
            for (String t : new String[] {"1t", "2t"}) {
                assertThat(r).containsKey("precision." + c + "." + t + ".p99Ms");
                assertThat(Integer.parseInt(r.get("precision." + c + "." + t + ".calls"))).isPositive();
            }
        }
    }

    @Test
    void startupHarnessLaunchesEveryConfiguration() throws Exception {
        Map<String, String> r = StartupTime.run(BenchPaths.java(), 1, false, null, quiet()).values();

        assertThat(r).containsKeys("startup.plain.medianMs", "startup.emptyAgent.medianMs", "startup.byteBuddyAgent.medianMs",
                "startup.agentOneMatched.medianMs", "startup.agentNothingMatched.medianMs");
    }

    @Test
    void scaleHarnessLoadsGeneratedClassesWithAndWithoutTheAgent() throws Exception {
        Map<String, String> r = ScaleLoad.run(BenchPaths.java(), 500, 1, false, null, quiet()).values();

        assertThat(r).containsKeys("scale.noAgent.medianMs", "scale.agent50Rules.medianMs", "scale.agent50RulesNothing.medianMs",
                "scale.floor.medianMs", "scale.agent50Rules.perRoundOverFloorPercent");
        assertThat(r.get("scale.agent50Rules.instrumented")).isEqualTo("5/5");
    }

    @Test
    void sampleAppHarnessRunsTheAppWithAndWithoutTheAgent() throws Exception {
        ResultFile result = SampleAppThroughput.run(BenchPaths.java(), 10, 4, 1, false, null, quiet());

        assertThat(result.values()).containsKeys("sampleApp.noAgent.medianJobsPerSec", "sampleApp.agent.medianJobsPerSec");
    }

    /**
     * Virtual threads need Java 21 or later: the harness runs on the Java 25 that CI's second pass
     * uses ({@code .ci/run}), or {@code -Dbench.java25=...}; skipped where there is none.
     */
    @Test
    void virtualThreadHarnessRunsItsControlAndAgentRows() throws Exception {
        Path java25 = Path.of(System.getProperty("bench.java25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
        assumeTrue(Files.isExecutable(java25), "no Java 21+ at " + java25);
        Path log = Files.createTempFile("virtual-thread-timeouts", ".txt");
        Process process = new ProcessBuilder(java25.toString(), "-javaagent:" + BenchPaths.agentJar() + "=policy="
                + BenchPaths.benchPolicy() + ",reload=false", "-cp", BenchPaths.ownClasses().toString(),
                "bench.harness.VirtualThreadTimeouts", "--quick").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly(); // a run that never ends must not hang the build
        }
        String output = Files.readString(log);
        Files.delete(log);

        assertThat(ended).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("control (unprotected)").contains("agent, mode: interrupt");
    }

    /** Every {@code @Benchmark} method of every benchmark class, inherited ones included. */
    private static Set<String> benchmarkMethods() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : new Class<?>[] {SuccessPathBenchmark.class, TwoThreadsBenchmark.class, TimeoutBenchmark.class,
                RejectionBenchmark.class}) {
            for (Method m : c.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    names.add(c.getName() + "." + m.getName());
                }
            }
        }
        return names;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
