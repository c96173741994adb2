package bench.parts;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent's per-call steps cost on their own, on this machine: the evidence behind the
 * cost breakdowns in docs/benchmarks-history.md. Not part of the issue-8 run (run.sh runs {@code bench.jmh} only)
 * nor of the smoke run; run by hand:
 * {@code java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main 'bench\.parts\..*' -prof gc -prof bench.jmh.CpuTimeProfiler}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class HotPathPartsBenchmark {
    private static final ThreadLocal<Object[]> CONTEXT = ThreadLocal.withInitial(() -> new Object[1]);
    private static final String MESSAGE =
            "resilience-agent rule 'open-circuit': bench.services.OpenCircuitService#get(int) not called: circuit breaker is OPEN";

    private final LongAdder adder = new LongAdder();
    private final Object lock = new Object();
    private String rule = "open-circuit";   // not final: the JIT must not fold the message
    private String method = "bench.services.OpenCircuitService#get(int)";
    private volatile int shared;
    private long plain;

    /** An exception that does not fill its stack trace. */
    static final class Stackless extends IOException {
        private static final long serialVersionUID = 1L;

        Stackless(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    @Benchmark
    public Object threadLocalGet() {
        return CONTEXT.get();
    }

    @Benchmark
    public Object twoThreadLocalGets() {
        CONTEXT.get();
        return CONTEXT.get();
    }

    @Benchmark
    public void longAdderIncrement() {
        adder.increment();
    }

    @Benchmark
    public void plainIncrement() {
        plain++;
    }

    @Benchmark
    public int volatileRead() {
        return shared;
    }

    @Benchmark
    public void twoUncontendedMonitors() {
        synchronized (lock) {
            plain++;
        }
        synchronized (lock) {
            plain++;
        }
    }

    @Benchmark
    public long twoNanoTimes() {
        return System.nanoTime() + System.nanoTime();
    }

    @Benchmark
    public Object messageConcatenation() {
        return "resilience-agent rule '" + rule + "': " + method + " " + "not called: circuit breaker is OPEN";
    }

    @Benchmark
    public Object exceptionWithStackTraceAndConcatenatedMessage() {
        return new IOException("resilience-agent rule '" + rule + "': " + method + " " + "not called: circuit breaker is OPEN");
    }

    @Benchmark
    public Object exceptionWithStackTrace() {
        return new IOException(MESSAGE);
    }

    @Benchmark
    public Object stacklessExceptionWithConstantMessage() {
        return new Stackless(MESSAGE);
    }
}
