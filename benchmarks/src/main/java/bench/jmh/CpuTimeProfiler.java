package bench.jmh;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per operation, next to JMH's wall-clock score: {@code cpu.workers} is the CPU time
 * of the benchmark's own threads ({@code *-jmh-worker-*}), {@code cpu.process} that of the whole
 * JVM (agent and executor threads included, so a hand-off's other side counts too; JIT and GC
 * as well). On a machine shared with other work, wall time per op grows with every moment the
 * benchmark thread waits for a core; CPU time does not, so it is the steadier comparison there.
 * Use with {@code -prof bench.jmh.CpuTimeProfiler}. Not thread-safe (JMH calls it from one thread).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private Map<Long, Long> workersBefore = Map.of();
    private long processBefore;

    @Override
    public String getDescription() {
        return "CPU time per operation: benchmark threads, and the whole JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workersBefore = workerCpu();
        processBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long process = os.getProcessCpuTime() - processBefore;
        long workers = 0;
        for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
            workers += e.getValue() - workersBefore.getOrDefault(e.getKey(), 0L);
        }
        double ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(
                new ScalarResult("cpu.workers", workers / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.process", process / ops, "ns/op", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-jmh-worker-")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }
}
