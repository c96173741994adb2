package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * A method body to run on a timeout worker, with the caller's view of active rules and deadline.
 * A named class rather than a lambda: the first hand-off often happens during start-up, where
 * spinning a lambda class costs more than loading this one (issue 8).
 */
final class WorkerBody implements Callable<Object> {
    private final ThreadContext.Snapshot snapshot;
    private final Site site;
    private final Method method;
    private final Object self;
    private final Object[] arguments;
    /** The caller's context class loader, the body's while it runs: as on the caller's own thread. */
    private final ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
    /** The body ended with its thread's interrupt status set (it restored an interrupt it caught). */
    private volatile boolean leftInterrupted;
    /** The rule's clock, which set the attempt's deadline. */
    private final NanoClock clock;
    /** When the body returned or threw, by {@link #clock}; meaningful once {@link #ended}. */
    private volatile long endedAt;
    /** False when the worker failed before the body ran (an error of the agent's own). */
    private volatile boolean ended;
    /*
     * Between the worker and the caller, under this object's lock (rather than atomic field updaters,
     * whose static initialisers would run on the call path, CallPathWarmupTest; a hand-off costs
     * microseconds against the lock's nanoseconds): whether the body ran, settled once by whichever
     * comes first, the worker starting it or the caller giving it up ({@link #giveUp}); and whether
     * its outcome is the caller's (finished first) or nobody's (given up first).
     */
    private int start = WAITING;
    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int NEVER_RAN = 2;
    private boolean finished;
    private boolean abandoned;
    private Object value;
    private Throwable failure;

    WorkerBody(ThreadContext.Snapshot snapshot, Site site, Method method, Object self, Object[] arguments, NanoClock clock) {
        this.snapshot = snapshot;
        this.clock = clock;
        this.site = site;
        this.method = method;
        this.self = self;
        this.arguments = arguments;
    }

    /**
     * What the worker throws instead of an outcome when its own code failed before it started the
     * body: the agent's error (the cause), never to be taken for the method's. Carries no stack trace.
     */
    static final class NotStarted extends Exception {
        private static final long serialVersionUID = 1L;

        NotStarted(Throwable agentError) {
            super(null, agentError, false, false);
        }
    }

    /**
     * Runs the body, unless its caller gave it up first, and keeps its outcome for the caller. An
     * outcome that comes after the caller gave up is nobody's: a response in it is closed here, as
     * the future, cancelled, drops it unread (review: its pooled connection leaked).
     */
    @Override
    public Object call() throws Exception {
        Object outcome;
        try {
            outcome = start();
        } catch (Throwable thrown) {
            finish(null, thrown);
            throw Sneaky.<Exception>rethrow(thrown);
        }
        if (!finish(outcome, null)) {
            try {
                HttpResponses.dropLate(outcome);
            } catch (Throwable closeFailed) {
                report(closeFailed);
            }
        }
        return outcome;
    }

    private Object start() throws Exception {
        ThreadContext context = null;
        ThreadContext.Saved saved = null;
        ClassLoader own;
        try {
            boolean late = clock.nanoTime() - snapshot.deadline() >= 0;
            if (!settleStart(late ? NEVER_RAN : STARTED)) {
                Thread.interrupted(); // its caller gave it up as it was taken: the cancel is not the next task's
                return null;
            }
            if (late) {
                // Taken by a worker only after its deadline (every worker was busy, the caller not yet back to
                // cancel it): the attempt has timed out, so the body is not started (audit: it ran beside the
                // caller's retry, for nobody). The caller judges it by endedAt, past the deadline.
                Thread.interrupted(); // a cancel arriving as it was taken: not the worker's next task's
                endedAt = clock.nanoTime();
                ended = true;
                return null;
            }
            context = ThreadContext.current();
            saved = context.adopt(snapshot);
            own = ContextLoaders.adopt(callerLoader);
        } catch (Throwable agentError) {
            if (saved != null) {
                context.restore(saved);
            }
            throw new NotStarted(agentError);
        }
        try {
            return site.invokeBody(method, self, arguments);
        } catch (InvocationTargetException e) {
            throw Sneaky.<Exception>rethrow(e.getCause());
        } catch (IllegalAccessException agentError) {
            throw new NotStarted(agentError); // the agent could not reach the method: not the method's exception
        } finally {
            // A cancelled body's interrupt must not reach the worker's next task; one the body set
            // itself (the usual restore after catching InterruptedException) is the caller's.
            leftInterrupted = Thread.interrupted();
            // Read before the restores: they are the agent's, and a worker descheduled in them must not make
            // a body that returned in time look late (review). Published only once they are done.
            long end = 0;
            Throwable agentError = null;
            try {
                end = clock.nanoTime();
            } catch (Throwable clockFailed) {
                agentError = clockFailed;
            }
            try {
                ContextLoaders.restore(own, callerLoader);
                context.restore(saved);
            } catch (Throwable restoreFailed) {
                agentError = restoreFailed;
            }
            if (agentError == null) {
                endedAt = end;
                ended = true;
            } else {
                // The body's own outcome stands (thrown from here, the agent's error would reach the caller as
                // the method's); whether it ended late is then unknown, and it is not judged so.
                report(agentError);
            }
        }
    }

    private void report(Throwable agentError) {
        try {
            AgentErrors.report(site, agentError);
        } catch (Throwable ignored) {
            // the body's outcome goes to the caller all the same
        }
    }

    /**
     * On the caller's thread, once the body's outcome is in: true when the body ended at or after
     * {@code deadline}. What the caller's own clock says then is no proof either way: a caller kept
     * from running (a virtual thread whose carriers were all busy, a long pause) may look only after
     * its deadline at a body that ended in time, or at one that ended late.
     */
    boolean endedPast(long deadline) {
        return ended && endedAt - deadline >= 0;
    }

    /** Settles whether the body runs, unless its caller or the worker already has: true when this call settled it. */
    private synchronized boolean settleStart(int outcome) {
        if (start != WAITING) {
            return false;
        }
        start = outcome;
        return true;
    }

    /** The outcome is the caller's unless it gave the body up first: false then. */
    private synchronized boolean finish(Object outcome, Throwable thrown) {
        if (abandoned) {
            return false;
        }
        finished = true;
        value = outcome;
        failure = thrown;
        return true;
    }

    /**
     * On the caller's thread, as it gives the attempt up at its deadline: true when it did, the body
     * kept from starting if no worker had yet, its outcome (should it come) left to the worker to
     * drop; false when the body has already finished, its outcome ({@link #outcome}) the caller's to
     * judge, however late it ended.
     */
    synchronized boolean giveUp() {
        if (start == WAITING) {
            start = NEVER_RAN;
        }
        if (finished) {
            return false;
        }
        abandoned = true;
        return true;
    }

    /** The finished body's outcome, as its future would give it: what it threw wrapped in an ExecutionException. */
    synchronized Object outcome() throws ExecutionException {
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return value;
    }

    /**
     * True when the body never ran: kept from starting by {@link #giveUp}, or taken by a worker only
     * past its deadline. Its breaker then has nothing to judge.
     */
    synchronized boolean neverRan() {
        return start == NEVER_RAN;
    }

    /**
     * On the caller's thread, once the body's outcome is in: sets the caller's interrupt status if
     * the body left its own set, as it would have had the body run on the caller's thread.
     */
    void passOnInterrupt() {
        if (leftInterrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
