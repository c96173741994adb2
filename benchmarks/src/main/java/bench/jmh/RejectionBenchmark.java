package bench.jmh;

import bench.services.OpenCircuitService;
import bench.services.PlainService;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A call refused by an open circuit, the exception included (created, thrown and caught; its
 * stack trace filled as each library does by default). Each benchmark returns what the caller
 * got, so nothing is optimised away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RejectionBenchmark {
    private final OpenCircuitService agent = new OpenCircuitService();
    private final PlainService plain = new PlainService();
    private CheckedSupplier<String> r4j;
    private FailsafeExecutor<String> failsafe;
    private dev.failsafe.function.CheckedSupplier<String> failsafeBody;
    private int key;

    @Setup(Level.Trial)
    public void openCircuits() {
        Agents.requireResilienceAgent();
        try {
            agent.fail();
        } catch (IOException expected) {
            // the rule's breaker opens after one failure
        }
        try {
            agent.get(0);
            throw new IllegalStateException("the open-circuit rule's breaker did not open");
        } catch (IOException rejected) {
            if (!rejected.getClass().getSimpleName().equals("CircuitOpenIOException")) {
                throw new IllegalStateException("expected the agent's CircuitOpenIOException, got " + rejected, rejected);
            }
        }
        CircuitBreaker r4jBreaker = Comparators.r4jBreaker("rejection");
        r4jBreaker.transitionToOpenState();
        r4j = CircuitBreaker.decorateCheckedSupplier(r4jBreaker, () -> plain.get(key++));
        dev.failsafe.CircuitBreaker<String> failsafeBreaker = Comparators.failsafeBreaker();
        failsafeBreaker.open();
        failsafe = Failsafe.with(failsafeBreaker);
        failsafeBody = () -> plain.get(key++);
    }

    @Benchmark
    public Object agentOpenCircuit() {
        try {
            return agent.get(key++);
        } catch (IOException rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object resilience4jOpenCircuit() {
        try {
            return r4j.get();
        } catch (Throwable rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object failsafeOpenCircuit() {
        try {
            return failsafe.get(failsafeBody);
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }
}
