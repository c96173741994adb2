package dev.resilience.agent.instrument;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.core.CallExecution;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.RuleRuntime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The static entry points the inlined advice calls. Each one catches every internal error: the
 * agent's bugs are counted and logged (see {@link AgentErrors}) and the method then runs
 * unprotected; only the failures the policy asks for (rejections, timeouts, exhausted retries)
 * reach the application, delivered by the exit advice through assignment rather than by
 * throwing from advice code. Thread-safe.
 */
public final class Dispatch {
    /** Exit advice: leave the body's result or exception as it is. */
    public static final int PROCEED = 0;
    /** Exit advice: run the body again (inline retry). */
    public static final int REPEAT = 1;
    /** Exit advice: throw {@link Frame#takeError()}. */
    public static final int THROW = 2;
    /** Exit advice: return {@link Frame#takeValue()}. */
    public static final int REPLACE = 3;

    private Dispatch() {
    }

    // ---------------------------------------------------------------- inline: body on the caller's thread

    /**
     * Enter advice of an inline site.
     *
     * @return null to run the body unprotected (nested call of an active rule, unbound site, or an
     *         internal error); otherwise the call's frame, with {@link Frame#skip()} set when the
     *         body must not run
     */
    public static Frame enter(int siteId) {
        Site site = null;
        ThreadContext context = null;
        Frame frame = null;
        try {
            site = Sites.get(siteId);
            Binding binding = site.binding();
            if (binding == null) {
                return null;
            }
            context = ThreadContext.current();
            RuleRuntime rule = binding.rule();
            if (context.isActive(rule.index())) {
                return null;
            }
            TestFaults.inAdvice(rule); // test-only switch, see TestFaults
            if (binding.light() && context.deadline == Long.MAX_VALUE) {
                // The common case, kept small so the JIT inlines it into every caller: the breaker's
                // permit is the whole call state until the body fails.
                CircuitBreaker breaker = binding.circuitBreaker();
                CircuitBreaker.Permit permit = null;
                if (breaker == null || (permit = breaker.acquirePermit()) != null) {
                    frame = context.push(rule.index());
                    frame.site = site;
                    frame.binding = binding;
                    frame.skip = false;
                    frame.light = true;
                    frame.permit = permit;
                    return frame;
                }
            }
            frame = context.push(rule.index());
            return enterWithExecution(site, binding, context, frame);
        } catch (Throwable bug) {
            abandon(frame, context);
            if (site != null) {
                AgentErrors.report(site, bug);
            }
            return null;
        }
    }

    /** Enter advice beyond the light path: the call's execution decides, the attempt's timeout is armed. */
    private static Frame enterWithExecution(Site site, Binding binding, ThreadContext context, Frame frame) {
        frame.site = site;
        frame.binding = binding;
        frame.skip = false;
        frame.light = false;
        frame.execution.begin(binding.rule(), binding.circuitBreaker(), site.stats(), context.deadline);
        int refusal = startInlineAttempt(frame, context);
        if (refusal >= 0) {
            refuseBeforeTheBody(frame, context, refusal);
        }
        return frame;
    }

    /** The call ends before its body runs (open circuit, full bulkhead, fallback): nothing to run. */
    private static void refuseBeforeTheBody(Frame frame, ThreadContext context, int refusal) {
        frame.skip = true;
        frame.value = finish(frame, context, refusal, null, null);
    }

    /**
     * Exit advice of an inline site.
     *
     * @param thrown what the body threw, or null when it returned
     * @return {@link #PROCEED}, {@link #REPEAT}, {@link #THROW} or {@link #REPLACE}
     */
    public static int exit(Frame frame, Throwable thrown) {
        if (frame.light && thrown == null) {
            return lightSuccess(frame);
        }
        if (frame.skip) {
            return frame.error != null ? THROW : REPLACE;
        }
        ThreadContext context = frame.context;
        try {
            if (frame.light) {
                resumeWithExecution(frame);
            }
            CallExecution execution = frame.execution;
            int decision;
            if (disarm(frame) || execution.wouldHaveTimedOut()) {
                decision = execution.failed(frame.binding.failures().create(Reason.TIMEOUT, frame.binding.rule()), true);
            } else if (thrown == null) {
                decision = execution.succeeded();
            } else {
                decision = execution.failed(thrown, false);
            }
            while (decision == CallExecution.RETRY) {
                if (!execution.awaitBackoff()) {
                    decision = execution.interruptedDuringBackoff();
                    break;
                }
                int refusal = startInlineAttempt(frame, context);
                if (refusal < 0) {
                    return REPEAT;
                }
                decision = refusal;
            }
            frame.value = finish(frame, context, decision, thrown, null);
            if (frame.error != null) {
                return frame.error == thrown ? clearAndProceed(frame) : THROW;
            }
            return decision == CallExecution.FALLBACK ? REPLACE : PROCEED;
        } catch (Throwable bug) {
            abandon(frame, context);
            AgentErrors.report(frame.site, bug);
            return PROCEED;
        }
    }

    /** A light call's body returned: the call ends in success, counted without its execution. */
    private static int lightSuccess(Frame frame) {
        try {
            // light and permit are left as they are: the next enter sets both, and abandon() only
            // ever sees a frame enter has just set
            frame.context.popLight();
            CallExecution.lightSuccess(frame.binding.circuitBreaker(), frame.permit, frame.site.stats(), frame.cells);
        } catch (Throwable bug) {
            AgentErrors.report(frame.site, bug);
        }
        return PROCEED;
    }

    /** A light call's body threw: from here on its execution decides, as if it had begun the call. */
    private static void resumeWithExecution(Frame frame) {
        Binding binding = frame.binding;
        frame.execution.begin(binding.rule(), binding.circuitBreaker(), frame.site.stats(), Long.MAX_VALUE)
                .resumeFirstAttempt(frame.permit);
        // only now: until the execution holds the permit, abandon() must find it in the frame
        frame.light = false;
        frame.permit = null;
    }

    private static int clearAndProceed(Frame frame) {
        frame.error = null;
        return PROCEED;
    }

    /**
     * Asks for the next inline attempt and arms its timeout.
     *
     * @return -1 when the body may run, otherwise the decision that ends the call
     */
    private static int startInlineAttempt(Frame frame, ThreadContext context) {
        CallExecution execution = frame.execution;
        if (!execution.startAttempt()) {
            return execution.refused();
        }
        if (!execution.timeLimited()) {
            return -1;
        }
        return limitInlineAttempt(frame, context);
    }

    /**
     * Arms the attempt's timeout (interrupt mode), or ends the call when an enclosing deadline has
     * already passed. Apart from {@link #startInlineAttempt}: the JIT inlines the enter advice into
     * every caller only while its compiled code stays small.
     */
    private static int limitInlineAttempt(Frame frame, ThreadContext context) {
        CallExecution execution = frame.execution;
        long timeout = execution.attemptTimeoutNanos();
        if (timeout < 0 && !frame.binding.rule().observe()) {
            int decision = execution.failed(frame.binding.failures().create(Reason.TIMEOUT, frame.binding.rule()), true);
            return decision == CallExecution.RETRY ? execution.interruptedDuringBackoff() : decision;
        }
        if (timeout > 0) {
            long deadline = execution.attemptDeadline();
            context.deadline = deadline;
            RuleRuntime rule = frame.binding.rule();
            if (rule.interruptMode() && !rule.observe()) {
                frame.interruptHandle = Services.interruptTimer().arm(Thread.currentThread(), deadline);
                frame.interruptDeadline = deadline;
            }
        }
        return -1;
    }

    /**
     * Disarms the attempt's interrupt; true when the attempt timed out: the timer fired, or the
     * body ended past its deadline before a late timer thread got to it (a loaded machine). Either
     * way the contract says the call fails as timed out, whatever the body produced.
     */
    private static boolean disarm(Frame frame) {
        long handle = frame.interruptHandle;
        if (handle < 0) {
            return false;
        }
        frame.interruptHandle = -1;
        if (Services.interruptTimer().disarm(handle)) {
            Thread.interrupted(); // the interrupt was ours: do not leak it into the caller's code
            return true;
        }
        return frame.execution.endedPast(frame.interruptDeadline);
    }

    /**
     * Ends a call: pops its frame and puts what the caller gets into the frame.
     *
     * @return the replacement value for {@link CallExecution#FALLBACK}, else null; when the
     *         fallback method throws, {@link Frame#error} holds what it threw
     */
    private static Object finish(Frame frame, ThreadContext context, int decision, Throwable thrown, Object[] arguments) {
        context.pop(frame);
        CallExecution execution = frame.execution;
        Binding binding = frame.binding;
        frame.error = null;
        switch (decision) {
            case CallExecution.FAIL -> frame.error = execution.failure();
            case CallExecution.REJECT -> frame.error = binding.failures().create(execution.rejection(), binding.rule());
            case CallExecution.FALLBACK -> {
                Throwable failure = execution.failure() != null ? execution.failure()
                        : binding.failures().create(execution.rejection(), binding.rule());
                try {
                    return binding.fallback().value(frame.site.resolvedMethod(), arguments, failure);
                } catch (Throwable fromFallback) {
                    // The fallback method's own exception is the call's outcome, not an agent bug.
                    frame.error = fromFallback;
                }
            }
            default -> frame.error = thrown;
        }
        return null;
    }

    private static void abandon(Frame frame, ThreadContext context) {
        try {
            if (frame != null) {
                if (frame.light) {
                    frame.light = false;
                    if (frame.permit != null) {
                        frame.binding.circuitBreaker().release(frame.permit);
                        frame.permit = null;
                    }
                } else {
                    frame.execution.abandon();
                }
                if (frame.interruptHandle >= 0) {
                    disarm(frame);
                }
                if (context != null) {
                    context.pop(frame);
                }
                frame.value = null;
                frame.error = null;
            }
        } catch (Throwable ignored) {
            // best effort: the call goes on unprotected
        }
    }

    // ---------------------------------------------------------------- hand-off: body run by reflection

    /**
     * Enter advice of a hand-off site: runs the whole protected call (every attempt) and returns
     * the frame holding its result, or null to let the original body run right here (the worker's
     * own re-entry, a nested call of an active rule, or an internal error).
     */
    public static Frame handoff(int siteId, Class<?> owner, Object self, Object[] arguments) {
        Site site = null;
        ThreadContext context = null;
        Frame frame = null;
        boolean ran = false;
        try {
            site = Sites.get(siteId);
            context = ThreadContext.current();
            if (context.passThroughSite == siteId) {
                context.passThroughSite = -1;
                return null;
            }
            Binding binding = site.binding();
            if (binding == null || context.isActive(binding.rule().index())) {
                return null;
            }
            Method method = site.method(owner);
            TestFaults.inAdvice(binding.rule()); // test-only switch, see TestFaults
            if (site.kind() == Site.Kind.ASYNC) {
                return AsyncCall.start(site, binding, method, self, arguments, context);
            }
            frame = context.push(binding.rule().index());
            frame.site = site;
            frame.binding = binding;
            frame.light = false;
            frame.value = null;   // the loop below reads a leftover value as a response to drop
            frame.error = null;
            CallExecution execution = frame.execution.begin(binding.rule(), binding.circuitBreaker(), site.stats(),
                    frame.savedDeadline);
            int decision;
            while (true) {
                if (execution.startAttempt()) {
                    if (frame.value != null) {
                        // the previous attempt's failing response: replaced by this attempt's, never read
                        HttpResponses.discard(frame.value);
                        frame.value = null;
                    }
                    ran = true;
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
            Object replacement = finish(frame, context, decision, attemptError, arguments);
            if (decision == CallExecution.FALLBACK) {
                frame.value = replacement;
            } else if (decision == CallExecution.RETURN) {
                frame.value = attemptValue;
            }
            return frame;
        } catch (Throwable bug) {
            Object lastValue = frame == null ? null : frame.value;
            Throwable lastError = frame == null ? null : frame.error;
            abandon(frame, context);
            if (site != null) {
                AgentErrors.report(site, bug);
            }
            if (ran) {
                // The body already ran: running it again unprotected would repeat its side effects
                // (a second request). The caller gets what the last attempt produced.
                frame.value = lastValue;
                frame.error = lastError;
                return frame;
            }
            return null;
        }
    }

    /** Runs one attempt of a hand-off call and reports it; the attempt's own result is left in the frame. */
    private static int runAttempt(Frame frame, ThreadContext context, Method method, Object self, Object[] arguments) {
        CallExecution execution = frame.execution;
        RuleRuntime rule = frame.binding.rule();
        frame.value = null;
        frame.error = null;
        long timeout = execution.attemptTimeoutNanos();
        if (timeout < 0 && !rule.observe()) {
            return timedOut(frame);
        }
        if (timeout > 0 && rule.needsWorkerThread()) {
            return runOnWorker(frame, context, method, self, arguments, timeout);
        }
        long savedDeadline = context.deadline;
        if (timeout > 0) {
            context.deadline = execution.attemptDeadline();
            if (rule.interruptMode() && !rule.observe()) {
                frame.interruptHandle = Services.interruptTimer().arm(Thread.currentThread(), context.deadline);
                frame.interruptDeadline = context.deadline;
            }
        }
        Object value = null;
        Throwable error = null;
        context.passThroughSite = frame.site.id();
        try {
            value = method.invoke(self, arguments);
        } catch (InvocationTargetException e) {
            error = e.getCause();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            context.passThroughSite = -1;
            context.deadline = savedDeadline;
        }
        if (disarm(frame)) {
            return timedOut(frame);
        }
        return outcome(frame, value, error);
    }

    private static int runOnWorker(Frame frame, ThreadContext context, Method method, Object self, Object[] arguments,
                                   long timeout) {
        CallExecution execution = frame.execution;
        ThreadContext.Snapshot snapshot = context.snapshot(execution.attemptDeadline(), frame.site.id());
        Future<Object> future = Services.workers().trySubmit(() -> WorkerBody.run(snapshot, method, self, arguments));
        if (future == null) {
            return execution.reject(Reason.WORKERS_BUSY);
        }
        try {
            return outcome(frame, frame.site.handoffWait().await(future, timeout), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return timedOut(frame);
        } catch (ExecutionException e) {
            return outcome(frame, null, e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            Throwable interrupted = frame.binding.failures().create(Reason.INTERRUPTED, frame.binding.rule());
            frame.error = interrupted;
            return execution.failed(interrupted, false);
        }
    }

    private static int timedOut(Frame frame) {
        Throwable timeout = frame.binding.failures().create(Reason.TIMEOUT, frame.binding.rule());
        frame.error = timeout;
        return frame.execution.failed(timeout, true);
    }

    private static int outcome(Frame frame, Object value, Throwable error) {
        frame.value = value;
        frame.error = error;
        if (frame.execution.wouldHaveTimedOut()) {
            // observe mode: count what enforcement would have done; the caller still gets the result
            return frame.execution.failed(frame.binding.failures().create(Reason.TIMEOUT, frame.binding.rule()), true);
        }
        if (error != null) {
            return frame.execution.failed(error, false);
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
