package dev.resilience.agent.instrument;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.core.CallExecution;
import dev.resilience.agent.core.HandoffWait;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The static entry point the advice of a hand-off site calls: the body runs by reflection, on a
 * timeout worker ({@code timeout.mode: thread}) or on the caller's thread when the agent needs the
 * call's arguments or its response (a fallback method, {@code onStatus}), or asynchronously. Every
 * internal error is caught and reported, as in {@link Dispatch}. Thread-safe.
 */
public final class HandoffDispatch {
    private HandoffDispatch() {
    }

    /**
     * Enter advice of a hand-off site: runs the whole protected call (every attempt) and returns
     * the frame holding its result, or null to let the original body run right here (the worker's
     * own re-entry, a nested call of an active rule, or an internal error).
     */
    public static Frame handoff(int siteId, Class<?> owner, Object self, Object[] arguments) {
        Site site = null;
        ThreadContext context = null;
        Frame frame = null;
        try {
            site = Sites.get(siteId);
            context = ThreadContext.current();
            if (context.passThroughSite != -1 && context.passesThrough(site, siteId)) {
                return null;
            }
            Binding binding = site.binding();
            if (binding == null || context.isActive(binding.rule().index())) {
                return null;
            }
            Method method = site.method(owner);
            TestFaults.inAdvice(binding.rule()); // test-only switch, see TestFaults
            CallPathWarmup.awaitFor(site.kind(), binding.rule(), context.deadline);
            if (site.kind() == Site.Kind.ASYNC) {
                return AsyncCall.start(site, binding, method, self, arguments, context);
            }
            frame = context.push(binding.rule().index());
            frame.site = site;
            frame.binding = binding;
            frame.light = false;
            frame.value = null;   // the loop below reads a leftover value as a response to drop
            frame.error = null;
            frame.attemptStarted = false;
            frame.settled = false; // a frame is reused: a stack overflow before the first attempt must not read the last call's
            CallExecution execution = frame.execution.begin(binding.rule(), binding.circuitBreaker(), site.stats(),
                    frame.savedDeadline);
            int decision;
            while (true) {
                if (execution.admitAttempt(true)) { // counted as it runs (attemptRuns): busy workers may refuse it
                    decision = runAttempt(frame, context, method, self, arguments);
                } else {
                    // a refused retry after a failing status ends with that response (RETURN)
                    decision = execution.refused();
                }
                if (decision != CallExecution.RETRY) {
                    break;
                }
                if (!execution.awaitBackoff()) {
                    decision = execution.interruptedDuringBackoff();
                    break;
                }
            }
            Object attemptValue = frame.value;
            Throwable attemptError = frame.error;
            Object replacement = Dispatch.finish(frame, context, decision, attemptError, arguments);
            if (decision == CallExecution.FALLBACK) {
                frame.value = replacement;
            } else if (decision == CallExecution.RETURN) {
                frame.value = attemptValue;
            }
            return frame;
        } catch (Throwable bug) {
            if (frame != null) {
                frame.stale = true; // first, a field store: the calls below may overflow the stack again
            }
            Object lastValue = frame == null ? null : frame.value;
            Throwable lastError = frame == null ? null : frame.error;
            boolean outcomeIn = frame != null && frame.settled;
            boolean running = frame != null && frame.attemptStarted && !frame.settled;
            try {
                Dispatch.abandon(frame, context);
                if (site != null) {
                    AgentErrors.report(site, bug);
                }
            } catch (Throwable reporting) {
                // (a stack overflow, say) thrown from here, the woven code's handler would run the body again
            }
            if (outcomeIn || running) {
                // The attempt's body ran or runs: running it again unprotected would repeat its side effects
                // (a second request). The caller gets what the attempt produced; with nothing produced yet, a
                // stack overflow (or out of memory) is what the caller gets: this deep it could have been thrown
                // a frame later, and a default value from a body that may not have run would be a wrong answer.
                frame.value = lastValue;
                frame.error = running && bug instanceof Error ? troubleOf((Error) bug) : lastError;
                return frame;
            }
            // No body of this attempt started (the first, or a retry the policy decided): the advice runs it,
            // unprotected. A failing response kept for that retry is nobody's now.
            HttpResponses.dropLate(lastValue);
            return null;
        }
    }

    /**
     * What the caller of a running attempt gets when the agent failed with {@code error}: the stack
     * overflow inside it, if one caused it (an {@code invokedynamic} or class initialisation that
     * overflowed the stack fails with a {@link LinkageError} around it, review), else the error itself;
     * never a default value, which before answered 0 for a body that never ran.
     */
    private static Throwable troubleOf(Error error) {
        Throwable cause = error;
        for (int i = 0; i < 8 && cause != null; i++, cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return cause;
            }
        }
        return error;
    }

    /**
     * Runs one attempt of a hand-off call and reports it; the attempt's own result is left in the
     * frame. The previous attempt's failing HTTP response, if any, is dropped once this attempt
     * runs, and kept when busy workers refuse it: the caller then gets that response.
     */
    private static int runAttempt(Frame frame, ThreadContext context, Method method, Object self, Object[] arguments) {
        CallExecution execution = frame.execution;
        RuleRuntime rule = frame.binding.rule();
        Object previousResponse = frame.value; // kept in the frame until this attempt's body starts
        frame.error = null;
        frame.settled = false;
        frame.attemptStarted = false;
        long timeout = execution.timing().attemptTimeoutNanos();
        boolean onWorker = timeout > 0 && rule.needsWorkerThread();
        if (onWorker && !mustStayOnCaller(frame.site, self, method)) {
            return runOnWorker(frame, context, method, self, arguments, timeout, previousResponse);
        }
        execution.attemptRuns();
        if (timeout < 0 && !rule.observe()) {
            dropPrevious(frame, previousResponse);
            return timedOut(frame);
        }
        dropPrevious(frame, previousResponse); // before the attempt's interrupt is armed: it cannot cut the close short
        long savedDeadline = context.deadline;
        if (timeout > 0 && !rule.observe()) { // observing sets no deadline: nested rules run as without it
            context.deadline = execution.timing().attemptDeadline();
            // A body kept off a worker (mustStayOnCaller) runs here, timed out as in interrupt mode.
            if (onWorker || rule.interruptMode()) {
                frame.interruptOwed = false;
                frame.oweEnclosing = false;
                frame.interruptHandle = Services.interruptTimer(context.deadline).arm(Thread.currentThread(), context.deadline);
                frame.interruptDeadline = context.deadline;
            }
        } else {
            Dispatch.observeWorkers(execution, rule, timeout);
        }
        Object value = null;
        Throwable error = null;
        context.markPassThrough(frame.site.id());
        try {
            frame.attemptStarted = true;
            value = frame.site.invokeBody(method, self, arguments);
        } catch (InvocationTargetException e) {
            error = e.getCause();
        } catch (IllegalAccessException e) {
            frame.attemptStarted = false; // the agent could not reach the method: its body did not run
            throw new IllegalStateException(e);
        } finally {
            context.passThroughSite = -1;
            context.deadline = savedDeadline;
        }
        frame.value = value; // the body's outcome, which the caller gets should the agent fail from here on
        frame.error = error;
        if (Dispatch.disarm(frame)) {
            frame.value = null;
            HttpResponses.dropLate(value);
            return timedOut(frame, error);
        }
        return outcome(frame, value, error);
    }

    /**
     * True when a worker could not run this body, or not as the caller would: the caller holds the
     * monitor of the receiver (or, for a static method, of its class), always so in a
     * {@code synchronized} method, whose advice runs inside the monitor; or it is initialising the
     * method's class. A worker would wait for the monitor or the initialisation while the caller
     * waits for the worker, and the call would only ever time out. And a caller already interrupted:
     * without the agent its body would run with the flag set, not fail at once waiting for a worker.
     */
    private static boolean mustStayOnCaller(Site site, Object self, Method method) {
        return Thread.holdsLock(self != null ? self : method.getDeclaringClass())
                || Thread.currentThread().isInterrupted()
                || site.initialisingOnThisThread(method);
    }

    private static int runOnWorker(Frame frame, ThreadContext context, Method method, Object self, Object[] arguments,
                                   long timeout, Object previousResponse) {
        CallExecution execution = frame.execution;
        ThreadContext.Snapshot snapshot = context.snapshot(execution.timing().attemptDeadline(), frame.site.id());
        WorkerBody body = new WorkerBody(snapshot, frame.site, method, self, arguments, frame.binding.rule().clock());
        Future<Object> future = Services.workers().trySubmit(body);
        if (future == null) {
            frame.value = previousResponse;
            frame.settled = true;
            return execution.workersBusy();
        }
        frame.attemptStarted = true;
        execution.attemptRuns();
        dropPrevious(frame, previousResponse);
        long wait = untilDeadline(frame.site, execution, frame.binding.rule().clock(), timeout);
        try {
            Object value = awaitOutcome(frame.site.handoffWait(), future, body, wait);
            frame.site.classInitialised();
            body.passOnInterrupt();
            if (body.endedPast(execution.timing().attemptDeadline())) {
                // The body returned past its deadline and its caller, kept from running, only looked after
                // that (had it looked in time, it would have given up then): timed out, as in interrupt mode.
                // Or a worker took it only then, and it never ran.
                HttpResponses.dropLate(value);
                return timedOut(frame, null, body.neverRan());
            }
            return outcome(frame, value, null);
        } catch (TimeoutException e) {
            return timedOut(frame, null, body.neverRan()); // given up and cancelled by awaitOutcome
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerBody.NotStarted notStarted) {
                frame.attemptStarted = false; // the agent's own error, before this attempt's body: not the method's failure
                throw Sneaky.<RuntimeException>rethrow(notStarted.getCause());
            }
            frame.site.classInitialised();
            body.passOnInterrupt();
            if (body.endedPast(execution.timing().attemptDeadline())) {
                // The body failed at this attempt's deadline, as a call nested in it does when its timeout
                // is cut to what is left of this one: this attempt timed out, as in interrupt mode.
                return timedOut(frame, e.getCause());
            }
            return outcome(frame, null, e.getCause());
        } catch (InterruptedException e) {
            if (body.giveUp()) {
                future.cancel(true);
            } else {
                dropOutcome(body); // finished as the caller was interrupted: a response in it is nobody's
            }
            boolean neverRan = body.neverRan();
            Thread.currentThread().interrupt();
            if (execution.timing().endedPastDeadline()) {
                // Interrupted at this attempt's deadline: by the enclosing call that cut it, giving up at the
                // same instant. This attempt timed out all the same; the interrupt flag stays set.
                return timedOut(frame, null, neverRan);
            }
            if (neverRan) {
                // Given up before a worker took it: the service was not called, its breaker has nothing to judge.
                execution.timing().markBodyNeverRan();
            }
            Throwable interrupted = frame.binding.failures().interrupted(frame.binding.rule());
            frame.error = interrupted;
            frame.settled = true;
            return execution.failed(interrupted);
        }
    }

    /**
     * How long the caller waits for the worker: until the attempt's deadline. Its clock started
     * before finding a worker, which may have waited (up to 100 ms for a worker whose body had just
     * returned to come back idle), and before the previous response was closed, which may have blocked: a whole timeout
     * from here would hand control back that much past the deadline (review). The body already
     * runs: should reading the clock fail (never on purpose), the caller waits a whole timeout
     * rather than lose the attempt.
     */
    private static long untilDeadline(Site site, CallExecution execution, NanoClock clock, long timeout) {
        try {
            long left = execution.timing().attemptDeadline() - clock.nanoTime();
            return Math.min(timeout, Math.max(left, 0));
        } catch (RuntimeException clockFailed) {
            try {
                AgentErrors.report(site, clockFailed);
            } catch (Throwable ignored) {
                // the call goes on all the same
            }
            return timeout;
        }
    }

    /**
     * The worker's outcome, waited for until {@code waitNanos} have passed; the body is given up
     * and cancelled when it has not come by then. A body that has finished by then, its worker not
     * yet done handing the outcome over (descheduled, or it came as the wait ended), is the caller's
     * all the same: taken from the body, judged by when it ended, a late response closed (review).
     */
    static Object awaitOutcome(HandoffWait wait, Future<Object> future, WorkerBody body, long waitNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return wait.await(future, waitNanos);
        } catch (TimeoutException late) {
            if (!body.giveUp()) {
                return body.outcome();
            }
            future.cancel(true);
            throw late;
        }
    }

    private static void dropOutcome(WorkerBody body) {
        try {
            HttpResponses.dropLate(body.outcome());
        } catch (ExecutionException failed) {
            // it failed: nothing to close
        }
    }

    /** The previous attempt's failing response, dropped as this attempt's body starts: it holds a pooled connection. */
    private static void dropPrevious(Frame frame, Object previousResponse) {
        frame.value = null;
        if (previousResponse != null) {
            HttpResponses.discard(previousResponse);
        }
    }

    private static int timedOut(Frame frame) {
        return timedOut(frame, null);
    }

    private static int timedOut(Frame frame, Throwable late) {
        return timedOut(frame, late, false);
    }

    /**
     * @param late     what the body threw as it ended past its deadline, or null: the timeout's cause, as in {@link Dispatch}
     * @param neverRan the body never ran (no worker took it in time): the breaker records nothing
     */
    private static int timedOut(Frame frame, Throwable late, boolean neverRan) {
        if (neverRan) {
            frame.execution.timing().markBodyNeverRan();
        }
        frame.settled = true;
        FailureFactory failures = frame.binding.failures();
        Throwable timeout = failures.timeout(frame.binding.rule(), frame.execution.timing().cutLimitNanos(), late);
        frame.error = timeout;
        return frame.execution.timedOut(timeout, failures.timeoutJudgedAs(false), failures);
    }

    private static int outcome(Frame frame, Object value, Throwable error) {
        frame.value = value;
        frame.error = error;
        frame.settled = true;
        if (frame.execution.wouldHaveTimedOut()) {
            // observe mode: count what enforcement would have done; the caller still gets the result
            return Dispatch.timedOut(frame, frame.execution);
        }
        if (error != null) {
            return frame.execution.failed(error);
        }
        RuleRuntime rule = frame.binding.rule();
        if (value != null && rule.hasFailureStatuses()) {
            int status = HttpResponses.status(value);
            if (status >= 0 && rule.isFailureStatus(status)) {
                return frame.execution.failedResponse(status, HttpResponses.retryAfterNanos(value));
            }
        }
        return frame.execution.succeeded();
    }
}
