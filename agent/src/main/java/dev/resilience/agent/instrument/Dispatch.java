package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CallExecution;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.InterruptTimer;
import dev.resilience.agent.core.LightCall;
import dev.resilience.agent.core.RuleRuntime;

/**
 * The static entry points the inlined advice of an inline site calls (body on the caller's
 * thread; {@link HandoffDispatch} runs the other sites), and what both kinds share: ending a call
 * and abandoning one. Each entry point catches every internal error: the agent's bugs are counted
 * and logged (see {@link AgentErrors}) and the method then runs unprotected; only the failures the
 * policy asks for (rejections, timeouts, exhausted retries) reach the application, delivered by
 * the exit advice through assignment rather than by throwing from advice code. Thread-safe.
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
            context = ThreadContext.current();
            if (context.passThroughSite != -1 && context.passesThrough(site, siteId)) {
                // The body of a hand-off call of this method, which a reload re-wove inline meanwhile: it is
                // that call's attempt, not a call of its own (the rule, changed, no longer counts as active).
                return null;
            }
            Binding binding = site.binding();
            if (binding == null) {
                return null;
            }
            RuleRuntime rule = binding.rule();
            if (context.isActive(rule.index())) {
                return null;
            }
            TestFaults.inAdvice(rule); // test-only switch, see TestFaults
            if (binding.light() && context.deadline == Long.MAX_VALUE) {
                // The common case, kept small so the JIT inlines it into every caller: the breaker's
                // permit is the whole call state until the body fails.
                CircuitBreaker breaker = binding.circuitBreaker();
                CircuitBreaker.Permit permit = breaker == null ? null : breaker.acquirePermit();
                frame = context.push(rule.index());
                if (permit == null && breaker != null) {
                    return refuseLight(site, binding, context, frame);
                }
                // Written only when changed: a frame is long-lived, and under G1 each store of a reference
                // into it runs the collector's write barrier; a thread calling one method again finds the
                // same three already there (15.7 -> 13.6 ns per call, BENCHMARKS.md run 24).
                if (frame.site != site) {
                    frame.site = site;
                }
                if (frame.binding != binding) {
                    frame.binding = binding;
                }
                frame.skip = false;
                frame.light = true;
                if (frame.permit != permit) {
                    frame.permit = permit;
                }
                return frame;
            }
            frame = context.push(rule.index());
            return enterWithExecution(site, binding, context, frame);
        } catch (Throwable bug) {
            if (frame != null) {
                frame.stale = true; // first, a field store: the calls below may overflow the stack again
            }
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
        CallPathWarmup.awaitFor(site.kind(), binding.rule(), context.deadline);
        frame.execution.begin(binding.rule(), binding.circuitBreaker(), site.stats(), context.deadline);
        int refusal = startInlineAttempt(frame, context);
        if (refusal >= 0) {
            refuseBeforeTheBody(frame, context, refusal);
        }
        return frame;
    }

    /** The breaker refused a light call's first attempt: rejected (or a fallback), its body never runs. */
    private static Frame refuseLight(Site site, Binding binding, ThreadContext context, Frame frame) {
        frame.site = site;
        frame.binding = binding;
        frame.light = false;
        int refusal = frame.execution.begin(binding.rule(), binding.circuitBreaker(), site.stats(), Long.MAX_VALUE)
                .refuseFirstAttemptByBreaker();
        refuseBeforeTheBody(frame, context, refusal);
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
            if (disarm(frame)) {
                decision = timedOutWith(frame, execution, thrown);
            } else if (execution.wouldHaveTimedOut()) {
                decision = timedOut(frame, execution);
            } else if (thrown == null) {
                decision = execution.succeeded();
            } else {
                decision = execution.failed(thrown);
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
            frame.stale = true; // first, a field store: the calls below may overflow the stack again
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
            frame.context.popLight(frame);
            LightCall.succeeded(frame.binding.circuitBreaker(), frame.permit, frame.site.stats(), frame.cells);
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
        if (!execution.timing().timeLimited()) {
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
        long timeout = execution.timing().attemptTimeoutNanos();
        if (timeout < 0 && !frame.binding.rule().observe()) {
            int decision = timedOut(frame, execution);
            return decision == CallExecution.RETRY ? execution.interruptedDuringBackoff() : decision;
        }
        RuleRuntime rule = frame.binding.rule();
        if (timeout > 0 && !rule.observe()) { // observing sets no deadline: nested rules run as without it
            long deadline = execution.timing().attemptDeadline();
            context.deadline = deadline;
            if (rule.interruptMode()) {
                frame.interruptOwed = false;
                frame.oweEnclosing = false;
                frame.interruptHandle = Services.interruptTimer(deadline).arm(Thread.currentThread(), deadline);
                frame.interruptDeadline = deadline;
            }
        } else {
            observeWorkers(execution, rule, timeout);
        }
        return -1;
    }

    /**
     * Observing a {@code mode: thread} timeout, the body stays on the caller's thread; had every
     * timeout worker been busy, enforcement would have rejected the call, and the counts say so.
     */
    static void observeWorkers(CallExecution execution, RuleRuntime rule, long timeout) {
        if (timeout > 0 && rule.observesWorkerTimeout() && Services.workers().allBusy()) {
            execution.workersWouldBeBusy();
        }
    }

    /** Reports a timed-out attempt (or, observing, a would-be one) of a synchronous call; returns the decision. */
    static int timedOut(Frame frame, CallExecution execution) {
        return timedOutWith(frame, execution, null);
    }

    /**
     * An interrupt-mode attempt timed out: what its body threw as it ended (usually what it made of
     * the interrupt) is not the call's outcome, but says where the body was when the deadline came,
     * and may be an Error: the timeout carries it as its cause rather than dropping it.
     */
    private static int timedOutWith(Frame frame, CallExecution execution, Throwable late) {
        FailureFactory failures = frame.binding.failures();
        return execution.timedOut(failures.timeout(frame.binding.rule(), execution.timing().cutLimitNanos(), late),
                failures.timeoutJudgedAs(false), failures);
    }

    /**
     * Disarms the attempt's interrupt; true when the attempt timed out: the timer fired, or the
     * body ended past its deadline before a late timer thread got to it (a loaded machine). Either
     * way the contract says the call fails as timed out, whatever the body produced.
     */
    static boolean disarm(Frame frame) {
        long handle = frame.interruptHandle;
        if (handle < 0) {
            return false;
        }
        int fired;
        try {
            fired = Services.interruptTimerUngated().disarm(handle); // a handle: the timer exists
        } catch (StackOverflowError overflow) {
            throw overflow; // the handle stays: a clean-up with more stack disarms it (ThreadContext#isActive)
        } catch (Throwable other) {
            frame.interruptHandle = -1;
            frame.interruptOwed = false;
            throw other;
        }
        frame.interruptHandle = -1;
        boolean owed = frame.interruptOwed;
        frame.interruptOwed = false;
        if (owed) {
            Thread.interrupted(); // set again for this call by a nested one (owe): not the caller's
        }
        if (fired == InterruptTimer.INTERRUPTED) {
            Thread.interrupted(); // the interrupt was ours: do not leak it into the caller's code
        }
        // FOUND_INTERRUPTED (not owed): the application's interrupt stays set: no retry waits, and the caller sees it
        boolean timedOut = owed || fired != InterruptTimer.NOT_FIRED || frame.execution.timing().endedPast(frame.interruptDeadline);
        frame.oweEnclosing = timedOut; // settled when the call ends, after its fallback (see finish)
        return timedOut;
    }

    /**
     * After a call that timed out in interrupt mode has ended (it is popped: the innermost call left is
     * the enclosing one): when the enclosing call's timer has fired too, or is firing (a nested deadline
     * is cut to the enclosing one), one interrupt may have served both, taken by this call's body: the
     * enclosing timer may have found the flag set by this call's and left it. The
     * enclosing call must still be interrupted, or its body, going on after this call failed (a
     * fallback path that blocks), would hold its caller past the deadline (audit). So the flag is set
     * again, and the enclosing call clears it when it ends. An interrupt still set is left alone, and
     * an enclosing timer not yet fired (late) is left to deliver its own: never two for one deadline.
     */
    static void owe(ThreadContext context) {
        Frame enclosing = context.innermostArmed();
        if (enclosing != null && !Thread.currentThread().isInterrupted()
                && Services.interruptTimerUngated().firing(enclosing.interruptHandle)) {
            enclosing.interruptOwed = true;
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends a call: pops its frame and puts what the caller gets into the frame.
     *
     * @return the replacement value for {@link CallExecution#FALLBACK}, else null; when the
     *         fallback method throws, {@link Frame#error} holds what it threw
     */
    static Object finish(Frame frame, ThreadContext context, int decision, Throwable thrown, Object[] arguments) {
        if (decision == CallExecution.FALLBACK) {
            // The fallback runs inside the call, with the rule still applied (a fallback method the rule
            // matches too is not protected again: it "applies to the call as a whole") and the caller's
            // deadline back in force, as after the call.
            context.deadline = frame.savedDeadline;
            try {
                return finishCall(frame, decision, thrown, arguments);
            } finally {
                frame.execution.forgetFailures();
                context.pop(frame);
                oweIfTimedOut(frame, context);
            }
        }
        context.pop(frame);
        try {
            return finishCall(frame, decision, thrown, arguments);
        } finally {
            frame.execution.forgetFailures();
            oweIfTimedOut(frame, context);
        }
    }

    /** Once the call is over (its fallback too, which must not find an interrupt meant for the enclosing call). */
    private static void oweIfTimedOut(Frame frame, ThreadContext context) {
        if (frame.oweEnclosing) {
            frame.oweEnclosing = false;
            owe(context);
        }
    }

    private static Object finishCall(Frame frame, int decision, Throwable thrown, Object[] arguments) {
        CallExecution execution = frame.execution;
        Binding binding = frame.binding;
        frame.error = null;
        switch (decision) {
            case CallExecution.FAIL -> frame.error = execution.failure();
            case CallExecution.REJECT ->
                    frame.error = binding.failures().rejected(execution.rejection(), binding.rule(), binding.circuitBreaker());
            case CallExecution.FALLBACK -> {
                Throwable failure = execution.failure() != null ? execution.failure()
                        : binding.failures().rejected(execution.rejection(), binding.rule(), binding.circuitBreaker());
                try {
                    Object value = binding.fallback().value(frame.site, arguments, failure);
                    execution.fallbackServed();
                    return value;
                } catch (Throwable fromFallback) {
                    // The fallback method's own exception is the call's outcome, not an agent bug.
                    frame.error = fromFallback;
                    execution.fallbackFailed();
                    if (fromFallback != failure) { // the failure itself: the fallback could not take it, or gave it back
                        Fallback.failed(binding, fromFallback);
                    }
                }
            }
            default -> frame.error = thrown;
        }
        return null;
    }

    /**
     * Gives back what a stale frame's call held (its permit or its execution's bulkhead place and
     * permit) and disarms its interrupt, without popping it (see {@link ThreadContext#isActive}).
     * A stack overflow is thrown on, with what is left still held, for a later try with more stack.
     */
    static void releaseHeld(Frame frame) {
        if (frame.light) {
            if (frame.permit != null) {
                frame.binding.circuitBreaker().release(frame.permit);
                frame.permit = null;
            }
            frame.light = false;
        } else {
            frame.execution.abandon();
        }
        if (frame.interruptHandle >= 0) {
            disarm(frame);
        }
        frame.oweEnclosing = false;
        frame.value = null;
        frame.error = null;
    }

    static void abandon(Frame frame, ThreadContext context) {
        try {
            if (frame != null) {
                releaseHeld(frame);
                if (context != null) {
                    context.pop(frame);
                }
                frame.stale = false; // ended after all
            }
        } catch (Throwable ignored) {
            // best effort: the call goes on unprotected
        }
    }
}
