package bench.harness;

import bench.services.AgentProbe;
import bench.services.SlowInterruptService;
import bench.services.SlowThreadService;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Timeout precision: how long after the deadline the caller regains control. Each call runs a
 * body that would last {@value #BODY_MS} ms under a 20 ms timeout (rules {@code precision-thread}
 * and {@code precision-interrupt} of bench-policy.yaml); the overshoot is the call's duration as
 * the caller sees it minus 20 ms. Bodies: {@code sleep} (honours interrupts) and
 * {@code blockedRead} (a socket read that ignores them). One and two calling threads. A control
 * row without the agent (a plain 20 ms {@code Thread.sleep}) shows how late this machine wakes a
 * thread at all: on a loaded machine that lateness is in every row.
 *
 * <p>Runs in a JVM started with {@code -javaagent:agent/target/resilience-agent.jar=policy=
 * benchmarks/src/main/resources/bench-policy.yaml} (run.sh does it). Options: {@code --calls N}
 * per thread and case (default 200), {@code --out FILE}, {@code --quick} (10 calls).
 * "no timeout" counts calls that returned the body's result although they ran past the deadline
 * (the contract says such a call fails as timed out).
 */
public final class TimeoutPrecision {
    static final long DEADLINE_MS = 20;
    static final long BODY_MS = 100;
    /** By contract a non-interruptible body under mode: interrupt returns when its I/O ends: shown, not a target. */
    static final long BLOCKED_INTERRUPT_BODY_MS = 40;

    private TimeoutPrecision() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args, "TimeoutPrecision [--calls N] [--out FILE] [--quick]");
        run(a.integer("--calls", 200, 10), a.path("--out"), System.out);
    }

    /** A body under one rule. */
    interface Body {
        String call() throws IOException;
    }

    /**
     * @param target  part of the target
     * @param control no agent involved: the body itself returns at the deadline (the machine's
     *                own wake-up lateness, the floor under every other row)
     */
    record Case(String name, String mode, String body, boolean target, boolean control, Body call) { }

    public static ResultFile run(int calls, Path out, PrintStream print) throws Exception {
        requireAgent();
        SlowThreadService thread = new SlowThreadService();
        SlowInterruptService interrupt = new SlowInterruptService();
        List<Case> cases = List.of(
                new Case("control-sleep", "no agent", "Thread.sleep(20 ms) itself", false, true,
                        () -> bench.services.Bodies.sleep(DEADLINE_MS)),
                new Case("thread-sleep", "thread", "sleep (interruptible)", true, false, () -> thread.sleep(BODY_MS)),
                new Case("thread-blockedRead", "thread", "socket read (not interruptible)", true, false,
                        () -> thread.blockedRead(BODY_MS)),
                new Case("interrupt-sleep", "interrupt", "sleep (interruptible)", true, false, () -> interrupt.sleep(BODY_MS)),
                new Case("interrupt-blockedRead", "interrupt", "socket read (not interruptible)", false, false,
                        () -> interrupt.blockedRead(BLOCKED_INTERRUPT_BODY_MS)));
        ResultFile result = new ResultFile();
        print.printf(Locale.ROOT, "timeout precision: deadline %d ms, body %d ms; overshoot = time to regain control - deadline%n",
                DEADLINE_MS, BODY_MS);
        print.printf(Locale.ROOT, "%-10s %-32s %7s %6s %8s %9s %9s %9s %11s%n", "mode", "body", "threads", "calls", "timeouts",
                "p50 ms", "p99 ms", "max ms", "no timeout");
        for (Case c : cases) {
            for (int threads = 1; threads <= 2; threads++) {
                int n = c.target || c.control ? calls : Math.max(2, calls / 10);
                measure(c, threads, Math.max(2, n / 10)); // warm-up: classes, worker threads, JIT
                Outcome o = measure(c, threads, n);
                double[] overshoot = Stats.of(o.overshootMs);
                String key = "precision." + c.name + "." + threads + "t.";
                result.put(key + "calls", o.calls).put(key + "timeouts", o.overshootMs.size())
                        .put(key + "p50Ms", Stats.median(overshoot)).put(key + "p99Ms", Stats.percentile(overshoot, 99))
                        .put(key + "maxMs", Stats.max(overshoot)).put(key + "target", String.valueOf(c.target))
                        .put(key + "returnedPastDeadline", o.returnedLateMs.size());
                print.printf(Locale.ROOT, "%-10s %-32s %7d %6d %8d %9.2f %9.2f %9.2f %11d%s%n", c.mode, c.body, threads, o.calls,
                        o.overshootMs.size(), Stats.median(overshoot), Stats.percentile(overshoot, 99), Stats.max(overshoot),
                        o.returnedLateMs.size(), c.target ? "" : c.control ? "   (control: the machine's wake-up lateness)"
                                : "   (by contract: returns when the I/O ends, fails as timed out)");
            }
        }
        result.write(out);
        return result;
    }

    /** Calls that ended in the agent's timeout (overshoot), and calls that returned normally past the deadline. */
    private record Outcome(int calls, List<Double> overshootMs, List<Double> returnedLateMs) { }

    private static Outcome measure(Case c, int threads, int callsPerThread) throws InterruptedException {
        List<Double> overshoot = Collections.synchronizedList(new ArrayList<>());
        List<Double> returnedLate = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread caller = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < callsPerThread; i++) {
                        long begin = System.nanoTime();
                        try {
                            c.call.call();
                            if (c.control) {
                                overshoot.add((System.nanoTime() - begin) / 1e6 - DEADLINE_MS);
                            } else {
                                // past its deadline, yet the caller got the body's result: counted, reported
                                returnedLate.add((System.nanoTime() - begin) / 1e6 - DEADLINE_MS);
                            }
                        } catch (IOException e) {
                            long regained = System.nanoTime();
                            if (!e.getClass().getSimpleName().equals("CallTimeoutIOException")) {
                                unexpected.add(e);
                            } else {
                                overshoot.add((regained - begin) / 1e6 - DEADLINE_MS);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "precision-caller-" + t);
            callers.add(caller);
            caller.start();
        }
        start.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        if (!unexpected.isEmpty()) {
            IllegalStateException failure = new IllegalStateException(c.name + ": " + unexpected.size()
                    + " calls failed with something else than the agent's timeout; first: " + unexpected.get(0));
            failure.initCause(unexpected.get(0));
            throw failure;
        }
        return new Outcome(threads * callsPerThread, new ArrayList<>(overshoot), new ArrayList<>(returnedLate));
    }

    private static void requireAgent() {
        try {
            new AgentProbe().call();
        } catch (IOException e) {
            throw new IllegalStateException("run with -javaagent:agent/target/resilience-agent.jar="
                    + "policy=benchmarks/src/main/resources/bench-policy.yaml (see run.sh)", e);
        }
    }
}
