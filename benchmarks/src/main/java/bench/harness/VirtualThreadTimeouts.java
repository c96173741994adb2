package bench.harness;

import bench.services.AgentProbe;
import bench.services.Bodies;
import bench.services.SlowInterruptService;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code mode: interrupt} timeouts called from many virtual threads at once (Java 21 or later): the
 * case of a server starting a virtual thread per request. Each call sleeps a random 0 to 40 ms
 * under the 20 ms timeout of rule {@code precision-interrupt}, so about half should time out.
 * Reported per row: calls that returned before the deadline was due (how much later than their
 * sleep they returned), calls that returned although their sleep outlasted the deadline (a
 * check: the agent fails any call that ends past its deadline, so this stays 0), and calls that
 * timed out (how long after the deadline the caller regained control). The control row runs the same bodies unprotected (in the
 * same JVM, the agent loaded), each stopping itself at 20 ms: what scheduling that many threads on
 * this machine costs anyway, the floor under the agent's row. {@code --platform} runs platform
 * threads instead (fewer: {@code --threads 200}). Not a target of issue 8; it showed callers parked
 * behind the agent's locks (the interrupt timer's, the per-thread counters').
 *
 * <p>Run on Java 21+ with the agent (bench-policy.yaml), e.g. {@code java -javaagent:...
 * -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" bench.harness.VirtualThreadTimeouts
 * --threads 10000 --calls 5 --rounds 4}; the first round is a warm-up.
 */
public final class VirtualThreadTimeouts {
    static final long DEADLINE_MS = 20;
    static final long MAX_SLEEP_MS = 40;

    private VirtualThreadTimeouts() {
    }

    public static void main(String[] args) throws Throwable {
        Args a = new Args(args, "VirtualThreadTimeouts [--threads N] [--calls N] [--rounds N] [--platform true] [--quick]");
        int threads = a.integer("--threads", 10_000, 100);
        int calls = a.integer("--calls", 5, 2);
        int rounds = a.integer("--rounds", 4, 2);
        boolean platform = Boolean.parseBoolean(a.string("--platform", "false"));
        try {
            new AgentProbe().call();
        } catch (IOException e) {
            throw new IllegalStateException("run with the agent and benchmarks/src/main/resources/bench-policy.yaml", e);
        }
        MethodHandle start = platform ? null : startVirtual();
        SlowInterruptService protectedService = new SlowInterruptService();
        System.out.printf(Locale.ROOT, "%d %s threads x %d calls, %d measured rounds; sleep 0-%d ms, deadline %d ms (Java %s)%n",
                threads, platform ? "platform" : "virtual", calls, rounds - 1, MAX_SLEEP_MS, DEADLINE_MS, Runtime.version());
        System.out.printf(Locale.ROOT, "%-22s %21s %27s %27s%n", "", "in time: n, late by", "past deadline, returned: n, by",
                "timed out: n, regained after");
        System.out.printf(Locale.ROOT, "%-22s %21s %27s %27s%n", "", "p50/p99/max ms", "p50/p99/max ms", "p50/p99/max ms");
        for (boolean control : new boolean[] {true, false}) {
            Samples all = new Samples();
            for (int round = 0; round < rounds; round++) {
                Samples samples = round == 0 ? new Samples() : all;
                runRound(start, threads, calls, samples, control ? VirtualThreadTimeouts::selfTimed : protectedService::sleep);
            }
            System.out.printf(Locale.ROOT, "%-22s %s %s %s%n", control ? "control (unprotected)" : "agent, mode: interrupt",
                    row(all.inTime), row(all.overran), row(all.regained));
        }
    }

    /** {@code n p50 p99 max} of a list of ms. */
    private static String row(List<Double> values) {
        double[] v = Stats.of(values);
        return values.isEmpty() ? String.format(Locale.ROOT, "%7d %19s", 0, "-")
                : String.format(Locale.ROOT, "%7d %6.1f %6.1f %6.1f", values.size(), Stats.median(v), Stats.percentile(v, 99), Stats.max(v));
    }

    private static MethodHandle startVirtual() throws IllegalAccessException {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("virtual threads need Java 21 or later (or --platform true); this is "
                    + Runtime.version(), e);
        }
    }

    /** A call body. */
    interface Body {
        String sleep(long millis) throws IOException;
    }

    /** Times of the calls of the measured rounds, in ms. Lists safe for concurrent adds. */
    private static final class Samples {
        /** Returned, sleep shorter than the deadline: return time minus the sleep. */
        final List<Double> inTime = Collections.synchronizedList(new ArrayList<>());
        /** Returned although the sleep outlasted the deadline (the timeout came late): return time minus the deadline. */
        final List<Double> overran = Collections.synchronizedList(new ArrayList<>());
        /** Timed out: the time the caller regained control minus the deadline. */
        final List<Double> regained = Collections.synchronizedList(new ArrayList<>());
    }

    /** The control's body: the same sleep, stopped by the body itself at the deadline. */
    private static String selfTimed(long millis) throws IOException {
        Bodies.sleep(Math.min(millis, DEADLINE_MS));
        if (millis >= DEADLINE_MS) {
            throw new java.io.InterruptedIOException("stopped at the deadline");
        }
        return "slept";
    }

    /** @param startVirtual starts a virtual thread; null: platform threads */
    private static void runRound(MethodHandle startVirtual, int threads, int calls, Samples samples, Body body) throws Throwable {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Runnable caller = () -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    long sleep = ThreadLocalRandom.current().nextLong(MAX_SLEEP_MS + 1);
                    long begin = System.nanoTime();
                    try {
                        body.sleep(sleep);
                        double took = (System.nanoTime() - begin) / 1e6;
                        if (sleep < DEADLINE_MS) {
                            samples.inTime.add(took - sleep);
                        } else {
                            samples.overran.add(took - DEADLINE_MS);
                        }
                    } catch (IOException timedOut) {
                        samples.regained.add((System.nanoTime() - begin) / 1e6 - DEADLINE_MS);
                    }
                    Thread.interrupted(); // whatever happened, the next call starts without a pending interrupt
                }
            };
            if (startVirtual != null) {
                started.add((Thread) startVirtual.invoke(caller));
            } else {
                Thread thread = new Thread(caller, "caller-" + t);
                thread.start();
                started.add(thread);
            }
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
    }
}
