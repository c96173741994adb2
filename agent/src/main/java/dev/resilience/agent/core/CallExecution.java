package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;

/**
 * The decisions of one protected call, attempt by attempt, in the contract's order
 * retry( circuitBreaker( bulkhead( timeout( method ) ) ) ). The caller runs each attempt itself
 * (inline in the advice, on a timeout worker, or asynchronously) and reports how it ended; this
 * class says what happens next and keeps the figures. It never throws: agent-made failures are
 * returned as a {@link Reason} for the caller to turn into the right exception type.
 *
 * <p>Not thread-safe: one call at a time. Inline calls reuse one instance per thread and nesting
 * depth, so the success path allocates nothing.
 */
public final class CallExecution {
    /** The attempt's own result stands: return its value, or rethrow its exception unchanged. */
    public static final int RETURN = 0;
    /** Run another attempt after {@link #awaitBackoff()}. */
    public static final int RETRY = 1;
    /** Throw {@link #failure()}: the last failure, earlier ones attached as suppressed. */
    public static final int FAIL = 2;
    /** Throw an agent-made failure for {@link #rejection()}. */
    public static final int REJECT = 3;
    /** Return the rule's fallback instead of failing. */
    public static final int FALLBACK = 4;

    /** Stands in for the failure of a call that ends with a failing HTTP status. */
    private static final Throwable HTTP_STATUS = new HttpStatusFailure(0);

    /** The owning thread's counting cells, or null when outcomes may be reported on any thread. */
    private final ThreadCells cells;
    /** Deadline and clock readings of the call, kept here so reuse allocates nothing. */
    private final AttemptTiming timing = new AttemptTiming();
    /** The attempts' failures, and what the running attempt holds from the breaker and the bulkhead: reuse allocates nothing. */
    private final FailureChain failures = new FailureChain();
    private final AttemptAdmission admission = new AttemptAdmission();

    private RuleRuntime rule;
    private CallStats stats;
    private int attempts;
    private Reason rejection;
    private long nextDelayNanos;
    private boolean lastAttemptTimedOut;
    private boolean refusedToFallback; // refused, and the fallback is due (see fallbackServed)
    /** The type the last failure is judged by (a timeout: the agent's own, whatever onFailure shows). */
    private Class<?> lastJudgedAs;
    /** What the caller is shown if the call ends with the last attempt's timeout (its onFailure.exception), or null. */
    private ShownFailure lastTimeoutShownAs;
    private boolean lastResponseFailed; // the last attempt returned a failing status, which the caller still holds

    /** An execution whose outcomes may be reported on any thread (asynchronous calls). */
    public CallExecution() {
        this(null);
    }

    /** An execution used only by the thread that owns {@code cells}, which counts successes in them. */
    public CallExecution(ThreadCells cells) {
        this.cells = cells;
    }

    /**
     * Starts a call. {@code breaker}: null when the rule has none; {@code outerDeadline}: the
     * nanoTime deadline of an enclosing protected call, or {@link Long#MAX_VALUE}, never passed.
     */
    public CallExecution begin(RuleRuntime rule, CircuitBreaker breaker, CallStats stats, long outerDeadline) {
        this.rule = rule;
        this.stats = stats;
        this.attempts = 0;
        admission.begin(rule, breaker);
        failures.clear();
        this.rejection = null;
        this.lastAttemptTimedOut = false;
        this.refusedToFallback = false;
        this.lastJudgedAs = null;
        this.lastResponseFailed = false;
        timing.begin(rule, outerDeadline);
        if (rule.budget != null) {
            rule.budget.recordCall();
        }
        return this;
    }

    /**
     * Takes over a call of a {@link RuleRuntime#light() light} rule whose first attempt was admitted
     * without this object (the breaker's permit is all it holds) and has failed: call right after
     * {@link #begin}, then report the attempt as usual. Equivalent to having called
     * {@link #startAttempt()} and been admitted. {@code permit}: the breaker's, null without a breaker.
     */
    public CallExecution resumeFirstAttempt(CircuitBreaker.Permit permit) {
        attempts = 1;
        timing.newAttempt();
        admission.hold(permit);
        return this;
    }

    /**
     * A {@link RuleRuntime#light() light} call's first attempt, refused by the breaker before this
     * execution was begun: call right after {@link #begin}. Decides what {@link #startAttempt()}
     * refusing and then {@link #refused()} would have, without asking the breaker again (an open
     * breaker reads the clock to know whether its time is up).
     */
    public int refuseFirstAttemptByBreaker() {
        attempts = 1;
        timing.newAttempt();
        rejection = Reason.CIRCUIT_OPEN;
        return refused();
    }

    /** Asks the breaker and the bulkhead for this attempt: false when refused ({@link #refused()} says what then). */
    public boolean startAttempt() {
        return startAttempt(true);
    }

    /**
     * As {@link #startAttempt()}; {@code mayWait} false takes a bulkhead place only if one is free
     * now, whatever {@code maxWait}: for callers never to be blocked (methods returning a future).
     */
    public boolean startAttempt(boolean mayWait) {
        if (!admitAttempt(mayWait)) {
            return false;
        }
        attemptRuns();
        return true;
    }

    /**
     * {@link #startAttempt()} for an attempt that may yet not run once admitted (a hand-off finding
     * every timeout worker busy): call {@link #attemptRuns()} when it does.
     */
    public boolean admitAttempt(boolean mayWait) {
        attempts++;
        timing.newAttempt();
        if (!rule.observe && timing.enclosingDeadlinePassed()) {
            // It times out before its body runs (attemptTimeoutNanos), so it asks neither the breaker
            // nor the bulkhead: an open circuit would make the timeout a rejection, and an expired one
            // would go HALF_OPEN (a transition logged) for a trial nobody makes.
            timing.attemptAdmitted(attempts);
            return true;
        }
        Reason refusal = admission.admit(mayWait, timing);
        if (refusal != null) {
            rejection = refusal;
            return false;
        }
        timing.attemptAdmitted(attempts);
        return true;
    }

    /** The admitted attempt runs: a retry is counted now, never before (a count taken back would show in a scrape). */
    public void attemptRuns() {
        if (attempts > 1) {
            stats.retries.increment();
        }
    }

    /**
     * What to do after {@link #startAttempt()} refused: a first attempt is rejected (or falls
     * back); a later one ends the call with the last real failure, since an open circuit is not
     * retried and the caller learns more from the service's failure than from the breaker. After
     * a failing HTTP status the caller gets that response ({@link #RETURN}), whatever refused the
     * retry: it gets the last response however the retries end.
     */
    public int refused() {
        if (lastResponseFailed) {
            return endWithFailedResponse();
        }
        // A refused retry (open circuit, full bulkhead) is not a rejected call: the call ends with
        // its last real failure, which tells the caller more than the refusal would.
        if (attempts > 1 && failures.last() != null) {
            return finishFailed(true);
        }
        return reject(rejection);
    }

    /**
     * The caller gave the call up (cancelled or completed its future) while it waited for its next
     * attempt, or cancelled the one running: no attempt follows, and the call counts as failed with
     * its last failure (no fallback: nobody is waiting for one), never as a timed-out call (the
     * caller ended it, not a deadline, whatever an earlier attempt did).
     */
    public int endedByCaller() {
        lastAttemptTimedOut = false;
        return finishFailed(false);
    }

    /**
     * The attempt was admitted ({@link #admitAttempt}), but every timeout worker is busy: it is refused like a full
     * bulkhead, so a first attempt rejects the call and a retry ends it with its last real failure
     * (see {@link #refused()}). Gives back the breaker permit and bulkhead place the attempt took.
     */
    public int workersBusy() {
        admission.release();
        rejection = Reason.WORKERS_BUSY;
        return refused();
    }

    /** {@code mode: observe}: every timeout worker was busy, so enforcement would have rejected this attempt (counted as such). */
    public void workersWouldBeBusy() {
        admission.wouldBeRefused();
    }

    private int reject(Reason reason) {
        rejection = reason;
        admission.release();
        refusedToFallback = rule.hasFallback;
        if (!rule.hasFallback) {
            stats.countRefused(false);
        }
        return rule.hasFallback ? FALLBACK : REJECT; // a fallback counted once it gave its value (fallbackServed)
    }

    /** {@link #FALLBACK} gave the caller a value: a fallback, and a rejection too if the call was refused. */
    public void fallbackServed() {
        stats.countFallback(refusedToFallback, true, false);
    }

    /** No value came of {@link #FALLBACK} (the fallback threw): the call counts as without a fallback. */
    public void fallbackFailed() {
        stats.countFallback(refusedToFallback, false, lastAttemptTimedOut);
    }

    /** The call's clock: the running attempt's time limit, deadline and end. */
    public AttemptTiming timing() {
        return timing;
    }

    /** {@code mode: observe}: enforcement would have refused this call, which then counts as a rejection only. */
    public boolean wouldBeRejected() {
        return admission.wouldBeRejected();
    }

    /**
     * {@code mode: observe}: true when the attempt that just ended ran longer than the timeout
     * enforcement would have applied. The caller then reports it with {@link #timedOut}, as
     * enforcement would have, so the would-be retry is judged as it would have been.
     */
    public boolean wouldHaveTimedOut() {
        return rule.observe && !admission.wouldBeRejected() && rule.timeoutNanos > 0
                && timing.attemptDuration() > rule.timeoutNanos;
    }

    /** The attempt returned normally. */
    public int succeeded() {
        admission.succeeded(timing.attemptDuration());
        lastResponseFailed = false;
        countFinal(null, null, false);
        timing.recordCallDurationToAttemptEnd(stats);
        return RETURN;
    }

    /** The attempt threw {@code error}; {@code retryOn} and {@code abortOn} judge its own type. */
    public int failed(Throwable error) {
        return failed(error, false, error == null ? null : error.getClass());
    }

    /**
     * The attempt was abandoned at its deadline (or, observing, would have been).
     *
     * @param error    the agent's own timeout (see {@link #timedOut(Throwable, Class, ShownFailure)} for what the caller is shown)
     * @param judgedAs what {@code retryOn}/{@code abortOn} judge: the agent's own timeout type for the method (an
     *                 IOException where it declares one: the contract retries those whatever the caller is shown)
     */
    public int timedOut(Throwable error, Class<? extends Throwable> judgedAs) {
        return timedOut(error, judgedAs, null);
    }

    /**
     * @param shownAs what the caller is shown instead of {@code error} if the call ends with it, or
     *                null: {@code error} itself
     */
    public int timedOut(Throwable error, Class<? extends Throwable> judgedAs, ShownFailure shownAs) {
        lastTimeoutShownAs = shownAs;
        return failed(error, true, judgedAs);
    }

    private int failed(Throwable error, boolean timedOut, Class<?> judgedAs) {
        lastAttemptTimedOut = timedOut;
        lastJudgedAs = judgedAs;
        lastResponseFailed = false;
        if (timedOut) {
            stats.timeouts.increment();
        }
        if (!rule.observe && timing.bodyNeverRan()) {
            // The body never ran (the enclosing call's deadline had passed, no timeout worker took it in
            // time, or its caller was interrupted first), so the service was not called and its breaker
            // has nothing to judge: a slow outer body, a starved machine or an application cancelling
            // its calls must not open the breaker of a healthy service. The call still fails, and
            // counts, as timed out or interrupted.
            admission.release();
        } else {
            admission.failed(timing.attemptDuration(), error, timedOut, stats.method);
        }
        if (rule.observe) {
            // One would-be retry at most: what later attempts would have returned is unknowable.
            if (RetryDecision.wouldRetry(rule, admission, attempts, error, judgedAs, false)) {
                stats.retries.increment();
            }
            countFinal(error, judgedAs, true);
            timing.recordCallDuration(stats);
            return RETURN;
        }
        if (error != null) {
            failures.record(error, rule.maxAttempts);
        }
        long wait = RetryDecision.afterFailure(rule, timing, admission, attempts, error, judgedAs);
        if (wait != RetryDecision.NO_RETRY) {
            nextDelayNanos = wait;
            return RETRY;
        }
        return finishFailed(true);
    }

    /**
     * An HTTP response whose status the rule lists in {@code onStatus}: a failure for retry and
     * breaker, but after the last attempt the caller gets the response itself.
     *
     * @param retryAfterNanos the server's Retry-After as a wait, or -1
     */
    public int failedResponse(int status, long retryAfterNanos) {
        admission.failedWithStatus(timing.attemptDuration(), status, stats.method);
        lastAttemptTimedOut = false;
        if (rule.observe) {
            if (RetryDecision.wouldRetry(rule, admission, attempts, null, null, true)) {
                stats.retries.increment();
            }
            return endWithFailedResponse();
        }
        long wait = RetryDecision.afterFailedStatus(rule, timing, admission, attempts, retryAfterNanos);
        if (wait != RetryDecision.NO_RETRY) {
            nextDelayNanos = wait;
            lastResponseFailed = true;
            return RETRY;
        }
        return endWithFailedResponse();
    }

    /** The caller gets the last response itself, never a fallback: a failure however it ends. */
    private int endWithFailedResponse() {
        lastResponseFailed = false;
        countFinal(HTTP_STATUS, null, false);
        timing.recordCallDuration(stats);
        return RETURN;
    }

    /**
     * Waits before the next attempt, honouring the caller's interrupt.
     *
     * @return false when interrupted: the interrupt flag is set again and the caller should
     *         {@link #interruptedDuringBackoff()}
     */
    public boolean awaitBackoff() {
        try {
            rule.sleeper().sleep(nextDelayNanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The caller was interrupted while waiting to retry: stop, keep the flag, fail with the last
     * failure ({@link #FAIL}), or return the last response ({@link #RETURN}) after a failing status.
     */
    public int interruptedDuringBackoff() {
        return lastResponseFailed ? endWithFailedResponse() : finishFailed(true);
    }

    /** The failure to throw for {@link #FAIL}: the last one, earlier ones attached as suppressed. */
    public Throwable failure() {
        return failures.last();
    }

    /** The agent's reason for {@link #REJECT}, or for a fallback served instead of a rejection. */
    public Reason rejection() {
        return rejection;
    }

    /** True when the last attempt ended by the agent's timeout. */
    public boolean lastAttemptTimedOut() {
        return lastAttemptTimedOut;
    }

    /** The wait before the next attempt, decided when {@link #RETRY} was returned. */
    public long nextDelayNanos() {
        return nextDelayNanos;
    }

    public int attempts() {
        return attempts;
    }

    /** Releases what a call that ends abnormally (agent error) may still hold. */
    public void abandon() {
        admission.release();
        forgetFailures();
    }

    /** The call has ended: a reused execution lets go of its failures, which kept an undeployed application's loader (audit). */
    public void forgetFailures() {
        failures.clear();
        lastJudgedAs = null;
        lastTimeoutShownAs = null;
    }

    /** @param mayFallBack false when nobody waits for a fallback (the caller cancelled) */
    private int finishFailed(boolean mayFallBack) {
        if (lastAttemptTimedOut && lastTimeoutShownAs != null && failures.last() != null) {
            failures.replaceLast(lastTimeoutShownAs.shown(failures.last()));
        }
        failures.attachEarlierToLast();
        timing.recordCallDuration(stats);
        Throwable lastFailure = failures.last();
        if (mayFallBack && rule.hasFallback && (lastFailure == null || lastAttemptTimedOut || rule.fallsBackOn(lastFailure, lastJudgedAs))) {
            return FALLBACK; // counted once the fallback gave its value (fallbackServed)
        }
        stats.countFailure(lastAttemptTimedOut);
        return FAIL;
    }

    /**
     * Counts a call that ends with its attempt's own result: a success ({@code failure} null) or,
     * in {@code mode: observe}, whatever enforcement would have made of it: a rejection when the
     * breaker or bulkhead would have refused it, a fallback when one would have been served.
     */
    private void countFinal(Throwable failure, Class<?> judgedAs, boolean fallbackApplies) {
        boolean fallback = rule.hasFallback && rule.observe;
        if (admission.wouldBeRejected()) {
            stats.countRefused(fallback);
        } else if (failure == null) {
            if (cells != null) {
                stats.successes.increment(cells);
            } else {
                stats.successes.increment();
            }
        } else if (fallback && fallbackApplies && (lastAttemptTimedOut || rule.fallsBackOn(failure, judgedAs))) {
            stats.fallbacks.increment();
        } else {
            stats.countFailure(lastAttemptTimedOut);
        }
    }
}
