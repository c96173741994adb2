package bench.jmh;

import bench.services.FloorService;
import bench.services.PlainService;
import bench.services.RateBreakerService;
import bench.services.RetryBreakerService;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Retry + circuit breaker on the success path: the same one-line body unwrapped, under a bare
 * Byte Buddy advice (the floor), under the agent (consecutive and rate breaker), and decorated by
 * Resilience4j and Failsafe. Run with {@code -prof gc} for bytes per call.
 * {@link TwoThreadsBenchmark} runs the same methods on two threads sharing each breaker.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SuccessPathBenchmark {

    /** What every thread shares: the targets and the comparators' breakers and retries. */
    @State(Scope.Benchmark)
    public static class Shared {
        final PlainService plain = new PlainService();
        final FloorService floor = new FloorService();
        final RetryBreakerService agent = new RetryBreakerService();
        final RateBreakerService agentRate = new RateBreakerService();
        final Retry r4jRetry = Comparators.r4jRetry("success");
        final CircuitBreaker r4jBreaker = Comparators.r4jBreaker("success");
        final FailsafeExecutor<String> failsafe = Failsafe.with(Comparators.failsafeRetry(), Comparators.failsafeBreaker());

        /** Every thread's caller, to count the trial's calls at its end. */
        final List<Caller> callers = new CopyOnWriteArrayList<>();
        /** The rule the trial's benchmark calls through the agent, or null. */
        String rule;
        long successesBefore;

        @Setup(Level.Trial)
        public void checkAgents(BenchmarkParams params) {
            Agents.requireResilienceAgent();
            Agents.requireByteBuddyFloor();
            rule = ruleOf(params.getBenchmark());
            if (rule != null) {
                successesBefore = Agents.successes(rule);
            }
        }

        /** After the trial (its threads have stopped): the agent saw every call the figure is made of. */
        @TearDown(Level.Trial)
        public void checkEveryCallWasProtected() {
            if (rule == null) {
                return;
            }
            long calls = 0;
            for (Caller caller : callers) {
                calls += caller.key;
            }
            Agents.requireEveryCallCounted(rule, successesBefore, calls);
        }

        private static String ruleOf(String benchmark) {
            if (benchmark.endsWith(".agentRetryBreaker")) {
                return "retry-breaker";
            }
            return benchmark.endsWith(".agentRetryRateBreaker") ? "retry-rate-breaker" : null;
        }
    }

    /**
     * One caller: its key (which also counts the calls it made), and the comparators' decorated calls
     * of the plain body (decorated once).
     */
    @State(Scope.Thread)
    public static class Caller {
        long key;
        CheckedSupplier<String> r4j;
        dev.failsafe.function.CheckedSupplier<String> failsafeBody;

        @Setup(Level.Trial)
        public void decorate(Shared shared) {
            shared.callers.add(this);
            PlainService plain = shared.plain;
            r4j = Retry.decorateCheckedSupplier(shared.r4jRetry,
                    CircuitBreaker.decorateCheckedSupplier(shared.r4jBreaker, () -> plain.get((int) key++)));
            failsafeBody = () -> plain.get((int) key++);
        }
    }

    @Benchmark
    public String direct(Shared s, Caller c) throws IOException {
        return s.plain.get((int) c.key++);
    }

    @Benchmark
    public String byteBuddyAdviceFloor(Shared s, Caller c) throws IOException {
        return s.floor.get((int) c.key++);
    }

    @Benchmark
    public String agentRetryBreaker(Shared s, Caller c) throws IOException {
        return s.agent.get((int) c.key++);
    }

    @Benchmark
    public String agentRetryRateBreaker(Shared s, Caller c) throws IOException {
        return s.agentRate.get((int) c.key++);
    }

    @Benchmark
    public String resilience4jRetryBreaker(Caller c) throws Throwable {
        return c.r4j.get();
    }

    @Benchmark
    public String failsafeRetryBreaker(Shared s, Caller c) {
        return s.failsafe.get(c.failsafeBody);
    }
}
