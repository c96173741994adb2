package bench.jmh;

import bench.services.InterruptTimeoutService;
import bench.services.PlainService;
import bench.services.ThreadTimeoutService;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retry + breaker + a 1 s timeout on the success path (the deadline never fires).
 * Hand-off designs (the body runs on another thread, so the caller is freed even from I/O that
 * ignores interrupts): the agent's {@code mode: thread}, Resilience4j's TimeLimiter over
 * {@code supplyAsync}, and the floor they share, a warm executor's submit + get.
 * Caller-thread designs (the body runs on the caller, interrupted at the deadline): the agent's
 * {@code mode: interrupt} and Failsafe's Timeout {@code withInterrupt()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class TimeoutBenchmark {
    private final PlainService plain = new PlainService();
    private final ThreadTimeoutService agentThread = new ThreadTimeoutService();
    private final InterruptTimeoutService agentInterrupt = new InterruptTimeoutService();
    private ExecutorService executor;
    private Callable<String> r4j;
    private Callable<String> handOff;
    private FailsafeExecutor<String> failsafe;
    private dev.failsafe.function.CheckedSupplier<String> failsafeBody;
    private int key;

    @Setup(Level.Trial)
    public void setUp() {
        Agents.requireResilienceAgent();
        executor = Comparators.executor();
        Retry retry = Comparators.r4jRetry("timeout");
        CircuitBreaker breaker = Comparators.r4jBreaker("timeout");
        TimeLimiter limiter = Comparators.r4jTimeLimiter("timeout");
        Callable<String> limited = TimeLimiter.decorateFutureSupplier(limiter,
                () -> CompletableFuture.supplyAsync(this::body, executor));
        r4j = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, limited));
        handOff = this::body;
        failsafe = Failsafe.with(Comparators.failsafeRetry(), Comparators.failsafeBreaker(),
                Comparators.failsafeInterruptingTimeout());
        failsafeBody = () -> plain.get(key++);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    private String body() {
        try {
            return plain.get(key++);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public String agentThreadTimeout() throws IOException {
        return agentThread.get(key++);
    }

    @Benchmark
    public String resilience4jTimeLimiterBreakerRetry() throws Exception {
        return r4j.call();
    }

    @Benchmark
    public String executorSubmitGetFloor() throws Exception {
        return executor.submit(handOff).get(1, TimeUnit.SECONDS);
    }

    @Benchmark
    public String agentInterruptTimeout() throws IOException {
        return agentInterrupt.get(key++);
    }

    @Benchmark
    public String failsafeTimeoutBreakerRetry() {
        return failsafe.get(failsafeBody);
    }
}
