package dev.resilience.agent.instrument;

import dev.resilience.agent.core.AgentThreads;
import dev.resilience.agent.core.InterruptTimer;
import dev.resilience.agent.core.RuleRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readies what protected calls run through, on a thread of its own, once the first method of each
 * kind is instrumented. The JVM's first protected call otherwise loads and verifies some 30 of the
 * agent's classes, and a hand-off starts the first timeout worker: 3 ms inline, 4 ms under
 * {@code mode: interrupt}, 7 ms handed off, here (a 5 ms timeout's first call timed out). A method
 * is instrumented as its class loads, so its first call comes later, most often after this.
 *
 * <p>The listed classes are loaded and linked, not initialised: initialising them here, in an order
 * of its own, beside application threads making their first calls, could deadlock two static
 * initialisers that need each other. The services are started through the accessors calls use,
 * which initialise their own classes as a first call would: a timeout worker (it ends after its
 * keep-alive when no call comes) for hand-off methods, the interrupt timer for rules that enforce
 * {@code mode: interrupt}; the asynchronous calls' scheduler and retry pool without their threads
 * (the scheduler's never ends once started: not for methods that may never be called, review). Calls that need the workers, the timer or the executors wait for them
 * ({@link WarmupGate}): a call at the end of a deep recursion must not initialise their classes
 * itself. Best effort: a failure costs only the first call's time, and is not reported. Thread-safe.
 */
public final class CallPathWarmup {
    /** Every protected call, whatever its kind. */
    static final List<String> COMMON = List.of(
            "dev.resilience.agent.instrument.ThreadContext",
            "dev.resilience.agent.instrument.ThreadContext$PerThread",
            "dev.resilience.agent.instrument.ThreadContext$Snapshot",
            "dev.resilience.agent.instrument.ThreadContext$Saved",
            "dev.resilience.agent.instrument.Descriptors",
            "dev.resilience.agent.instrument.Sneaky",
            "dev.resilience.agent.core.ThreadCells",
            "dev.resilience.agent.core.CallExecution",
            "dev.resilience.agent.core.AttemptTiming",
            "dev.resilience.agent.core.AttemptAdmission",
            "dev.resilience.agent.core.FailureChain",
            "dev.resilience.agent.core.HttpStatusFailure",
            "dev.resilience.agent.core.RetryDecision",
            "dev.resilience.agent.core.LightCall",
            "dev.resilience.agent.api.StackTraces");
    /** A body handed off to a timeout worker. */
    static final List<String> HANDOFF = List.of(
            "dev.resilience.agent.instrument.WorkerBody",
            "dev.resilience.agent.instrument.ContextLoaders",
            "dev.resilience.agent.core.TimeoutWorkers",
            "dev.resilience.agent.core.TimeoutWorkers$Task",
            "dev.resilience.agent.core.TimeoutWorkers$Worker",
            "dev.resilience.agent.core.AgentThreads");
    /** A method returning a future. */
    static final List<String> ASYNC = List.of(
            "dev.resilience.agent.instrument.AsyncCall",
            "dev.resilience.agent.instrument.AsyncCall$Running",
            "dev.resilience.agent.instrument.AsyncBody",
            "dev.resilience.agent.instrument.FutureFailures",
            "dev.resilience.agent.instrument.PendingRetry",
            "dev.resilience.agent.instrument.WatchedStages",
            "java.util.concurrent.CompletableFuture$UniWhenComplete");

    /**
     * Classes of the call path with a static initialiser free of side effects (no thread, no I/O), which
     * a protected call would otherwise initialise itself, wherever it is called from. Called at the end
     * of a deep recursion, it could overflow the stack inside one of them, and a class whose
     * initialiser failed is unusable for the JVM's life ("Could not initialize class"): every protected
     * call after it would fail inside the agent and run unprotected (audit). Initialised by
     * {@link #initialiseEarly()}, in premain or agentmain, on a shallow stack, before any method is
     * instrumented, so that no protected call can race them: about 5 ms of start-up (8 alternated
     * runs). The interrupt timer's and the workers' classes are not here (28 ms more): the warm-up
     * initialises them, off the start-up path, when the first hand-off or interrupt-mode method is
     * instrumented, and calls needing them wait for it.
     */
    static final List<String> INITIALISED_EARLY = List.of(
            "dev.resilience.agent.instrument.ThreadContext",
            "dev.resilience.agent.instrument.AgentErrors",
            "dev.resilience.agent.instrument.FailureFactory",
            // a rule's own exception class: an overflow here would disable it for the JVM's life (unusable)
            "dev.resilience.agent.instrument.ExceptionConstructors",
            "dev.resilience.agent.instrument.Fallback",
            "dev.resilience.agent.instrument.HttpResponses",
            "dev.resilience.agent.instrument.CallerThreadWarnings",
            "dev.resilience.agent.instrument.OwnFutureWarnings",
            "dev.resilience.agent.core.ThreadCells",
            "dev.resilience.agent.core.CallExecution",
            "dev.resilience.agent.core.PerThreadCounter",
            "dev.resilience.agent.core.HandoffWait",
            "dev.resilience.agent.core.StateMachineBreaker",
            "dev.resilience.agent.core.BreakerPhase$HalfOpen",
            "dev.resilience.agent.core.ConsecutiveBreaker$Count",
            "dev.resilience.agent.core.CircuitBreaker$State",
            "dev.resilience.agent.core.BreakerTransitions",
            "dev.resilience.agent.core.AgentThreads$Root", // every thread the agent starts, a timeout worker's first
            "dev.resilience.agent.api.AgentFailure$Reason",
            "dev.resilience.agent.api.StackTraces",
            // the JDK's, for the same reason, and worse: an application using it would fail too
            "java.util.concurrent.ThreadLocalRandom",
            "java.util.concurrent.locks.LockSupport", // a call waiting for the warm-up parks (WarmupGate)
            "dev.resilience.agent.instrument.Services"); // its constants only: each site reads one as it is made

    private static final AtomicBoolean COMMON_DONE = new AtomicBoolean();
    /**
     * How long calls wait for a warm-up, from its start: it takes some 30 ms, and takes no lock a
     * caller could hold (it initialises the agent's classes and the JDK's, never the application's).
     */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** What calls wait for; not final only for tests ({@link #replaceGates}). */
    private static Gates gates = new Gates(new WarmupGate(PATIENCE_NANOS), new WarmupGate(PATIENCE_NANOS),
            new WarmupGate(PATIENCE_NANOS));

    /**
     * @param handoff the timeout workers, a first worker and the interrupt timer created: hand-off calls wait for it
     * @param timer   the interrupt timer created and its thread started: interrupt-mode calls wait for it
     * @param async   the scheduler and the retry pool of asynchronous calls created (no thread started yet)
     */
    record Gates(WarmupGate handoff, WarmupGate timer, WarmupGate async) {
    }

    private CallPathWarmup() {
    }

    /** Called with the sites of each class instrumented; quick: at most starts a thread. */
    static void readyFor(List<Site> sites) {
        Gates gates = CallPathWarmup.gates;
        boolean common = false;
        boolean handoff = false;
        boolean interrupt = false;
        boolean async = false;
        for (Site site : sites) {
            common |= !COMMON_DONE.get() && COMMON_DONE.compareAndSet(false, true);
            Site.Kind kind = site.kind();
            Binding binding = site.binding();
            // a hand-off site whose rule has no worker timeout (a fallback method, onStatus) runs on its caller
            handoff |= kind == Site.Kind.HANDOFF && binding != null && binding.rule().needsWorkerThread()
                    && gates.handoff().claim();
            async |= kind == Site.Kind.ASYNC && gates.async().claim();
            // observing, a rule never arms the timer (review)
            interrupt |= binding != null && binding.rule().interruptMode() && !binding.rule().observe()
                    && gates.timer().claim();
        }
        if (common || handoff || interrupt || async) {
            start(gates, common, handoff, interrupt, async); // a warm-up that could not start: the calls start one
        }
    }

    /**
     * Called as a call begins, before its clock starts (the wait must not count against its timeout):
     * a hand-off call with a worker timeout waits for the warm-up to have readied the workers, an
     * asynchronous call for its executors, an interrupt-mode call for the timer (see
     * {@link WarmupGate}); never past {@code deadline}, an enclosing call's. Once open, a volatile
     * read. Throws what kept the warm-up's thread from starting, most often a stack overflow: the call
     * then runs unprotected, rather than initialise those classes here.
     */
    static void awaitFor(Site.Kind kind, RuleRuntime rule, long deadline) {
        Gates gates = CallPathWarmup.gates;
        if (kind == Site.Kind.HANDOFF && rule.needsWorkerThread()) {
            await(gates, gates.handoff(), deadline);
            // A body kept on its caller (a synchronized method, say) is timed out by the interrupt timer: when
            // waiters gave up on the hand-off warm-up, wait for the timer here, before the clock starts (review).
            awaitTimer(gates, deadline);
            return;
        }
        if (kind == Site.Kind.ASYNC) {
            await(gates, gates.async(), deadline);
        }
        if (rule.interruptMode() && !rule.observe()) {
            awaitTimer(gates, deadline);
        }
    }

    /** Called before the interrupt timer is armed for {@code deadline}; see {@link #awaitFor}. */
    static void awaitTimer(long deadline) {
        awaitTimer(gates, deadline);
    }

    private static void awaitTimer(Gates gates, long deadline) {
        // A hand-off warm-up creates the timer too (a body kept on its caller is timed out by it), once it
        // has ended: a hand-off gate opened by waiters giving up on it says nothing of the timer (review).
        if (!gates.handoff().isDone()) {
            await(gates, gates.timer(), deadline);
        }
    }

    private static void await(Gates gates, WarmupGate gate, long deadline) {
        while (!gate.isOpen()) {
            if (gate.claim()) { // no warm-up yet: a site bound to this kind of rule by a reload
                Throwable failed = start(gates, false, gate == gates.handoff(), gate == gates.timer(), gate == gates.async());
                if (failed != null) {
                    throw Sneaky.<RuntimeException>rethrow(failed);
                }
            }
            if (!gate.await(deadline)) {
                return;
            }
        }
    }

    /** Tests: gates of their own, as in a JVM where the warm-up is still to come; returns those replaced. */
    static Gates replaceGates(Gates replacement) {
        Gates replaced = gates;
        gates = replacement;
        return replaced;
    }

    /**
     * Starts a warm-up; returns null, or what kept its thread from starting (at the end of a deep
     * stack, or out of threads): the gates it claimed are then given back, for a later call to start
     * one, rather than opened.
     */
    private static Throwable start(Gates gates, boolean common, boolean handoff, boolean interrupt, boolean async) {
        List<WarmupGate> claimed = new ArrayList<>(3);
        if (handoff) {
            claimed.add(gates.handoff());
        }
        if (interrupt) {
            claimed.add(gates.timer());
        }
        if (async) {
            claimed.add(gates.async());
        }
        try {
            AgentThreads.daemon(new Work(common, handoff, interrupt, async, claimed), "resilience-warmup").start();
            return null;
        } catch (Throwable noThread) {
            for (WarmupGate gate : claimed) {
                gate.giveBack();
            }
            return noThread;
        }
    }

    /** What one warm-up does: a named class, not a lambda (issue 8). */
    private record Work(boolean common, boolean handoff, boolean interrupt, boolean async,
                        List<WarmupGate> claimed) implements Runnable {
        @Override
        public void run() {
            // what calls wait for first; the rest only saves the first calls the loading
            Future<Object> firstWorker = null;
            try {
                markStarted();
                if (handoff) {
                    link(HANDOFF);
                    firstWorker = startWorker();
                    createTimer();
                }
                if (interrupt) {
                    startTimer();
                }
                if (async) {
                    link(ASYNC);
                    createExecutors();
                }
            } finally {
                openGates();
            }
            if (firstWorker != null) {
                awaitQuietly(firstWorker);
            }
            if (common) {
                link(COMMON);
            }
        }

        private void markStarted() {
            for (WarmupGate gate : claimed) {
                gate.started();
            }
        }

        private void openGates() {
            for (WarmupGate gate : claimed) {
                gate.open();
            }
        }
    }

    /** See {@link #INITIALISED_EARLY}. Best effort: a class that fails here fails as it would on its first call. */
    public static void initialiseEarly() {
        ClassLoader loader = CallPathWarmup.class.getClassLoader();
        for (String name : INITIALISED_EARLY) {
            try {
                Class.forName(name, true, loader);
            } catch (Throwable missing) {
                // a class renamed since this list was written (CallPathWarmupTest checks the list)
            }
        }
        // The JVM's first stack trace initialises the JDK's StackTraceElement$HashedModules (0.5 ms). A
        // hand-off call walks its stack (Site#initialisingOnThisThread), and an internal error's trace is
        // printed on the calling thread: first done at the end of a deep recursion, an overflow in that
        // initialiser left every stack trace of the JVM failing, the application's too (CI, AgentFaultIT).
        try {
            Thread.currentThread().getStackTrace();
        } catch (Throwable failed) {
            // nothing the agent can do about it here
        }
    }

    static void link(List<String> names) {
        ClassLoader loader = CallPathWarmup.class.getClassLoader();
        for (String name : names) {
            try {
                // loading, then reflection, links the class (verifies it) without initialising it
                Class.forName(name, false, loader).getDeclaredFields();
            } catch (Throwable missing) {
                // a class renamed since this list was written: the first call loads it
            }
        }
    }

    /** Starts the first timeout worker, which then waits for bodies (and ends after its keep-alive, unused). */
    private static Future<Object> startWorker() {
        try {
            return Services.workers().trySubmit(new Nothing());
        } catch (Throwable busy) {
            return null; // all workers busy or none could start: calls are already running
        }
    }

    private static void awaitQuietly(Future<Object> done) {
        try {
            done.get(1, TimeUnit.SECONDS);
        } catch (Throwable slow) {
            // the worker is started; its first body only ran late
        }
    }

    /**
     * Creates the interrupt timer, starting no thread: a hand-off body kept on its caller (a synchronized
     * method) is timed out by it.
     */
    private static void createTimer() {
        try {
            Services.interruptTimerUngated();
        } catch (Throwable failed) {
            // the first call creates it
        }
    }

    /**
     * Creates the asynchronous calls' scheduler and retry pool, which start their threads only when
     * something is scheduled: it and the JDK's executor classes, an overflow in whose initialisers
     * would break them for the application too.
     */
    private static void createExecutors() {
        try {
            Services.scheduler();
            Services.asyncRetries();
        } catch (Throwable failed) {
            // the first call creates them
        }
    }

    /** Starts the interrupt timer's thread, with a deadline never reached. */
    private static void startTimer() {
        try {
            InterruptTimer timer = Services.interruptTimerUngated();
            timer.disarm(timer.arm(Thread.currentThread(), System.nanoTime() + TimeUnit.HOURS.toNanos(1)));
        } catch (Throwable failed) {
            // the first call starts it
        }
    }

    private static final class Nothing implements Callable<Object> {
        @Override
        public Object call() {
            return null;
        }
    }
}
