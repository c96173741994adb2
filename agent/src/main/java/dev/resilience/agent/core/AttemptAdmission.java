package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;

/**
 * The two gates an attempt passes, in the contract's order: the circuit breaker, then the
 * bulkhead. It holds what the running attempt took from them (the breaker's permit, a bulkhead
 * place) until the attempt's end is reported, and remembers whether, observing, enforcement would
 * have refused the call.
 *
 * <p>Part of a {@link CallExecution}, which owns one and starts it afresh for every call, so
 * admission allocates nothing per call. Not thread-safe, like its execution.
 */
final class AttemptAdmission {
    private RuleRuntime rule;
    /** Null when the rule has no breaker. */
    private CircuitBreaker breaker;
    /** The breaker's permit for the running attempt, null when none is held. */
    private CircuitBreaker.Permit permit;
    private boolean bulkheadHeld;
    /** {@code mode: observe}: the breaker or the bulkhead would have refused an attempt of this call. */
    private boolean wouldBeRejected;

    void begin(RuleRuntime rule, CircuitBreaker breaker) {
        this.rule = rule;
        this.breaker = breaker;
        this.permit = null;
        this.bulkheadHeld = false;
        this.wouldBeRejected = false;
    }

    /** The running attempt holds {@code permit}, taken without asking here (null: none). */
    void hold(CircuitBreaker.Permit permit) {
        this.permit = permit;
    }

    /**
     * Asks the breaker, then the bulkhead, for an attempt.
     *
     * @param mayWait see {@link CallExecution#startAttempt(boolean)}
     * @param timing  the call's timing, which cuts a bulkhead wait to an enclosing deadline
     * @return null when the attempt may run; otherwise why it is refused (then it holds nothing)
     */
    Reason admit(boolean mayWait, AttemptTiming timing) {
        permit = null;
        if (breaker != null) {
            permit = breaker.acquirePermit();
            if (permit == null) {
                if (!rule.observe) {
                    return Reason.CIRCUIT_OPEN;
                }
                wouldBeRejected = true;
            }
        }
        // A call the breaker would refuse takes no bulkhead place, as under enforcement.
        if (rule.bulkhead == null || wouldBeRejected) {
            return null;
        }
        boolean acquired;
        try {
            acquired = rule.bulkhead.tryAcquire(mayWait ? bulkheadWaitNanos(timing) : 0L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releasePermit();
            return Reason.INTERRUPTED;
        }
        if (acquired) {
            bulkheadHeld = true;
            return null;
        }
        releasePermit(); // the attempt does not run, so the breaker records nothing
        if (rule.observe) {
            wouldBeRejected = true;
            return null;
        }
        return Reason.BULKHEAD_FULL;
    }

    /** Observing never waits (that would change the call's timing); nobody waits past an enclosing deadline. */
    private long bulkheadWaitNanos(AttemptTiming timing) {
        if (rule.observe || rule.bulkheadWaitNanos == 0) {
            return 0L;
        }
        return timing.cutToDeadline(rule.bulkheadWaitNanos);
    }

    boolean wouldBeRejected() {
        return wouldBeRejected;
    }

    /** True when the breaker would surely refuse an attempt started {@code nanos} from now (see {@link CircuitBreaker#refusesFor}). */
    boolean breakerRefusesFor(long nanos) {
        return breaker != null && breaker.refusesFor(nanos);
    }

    /** The attempt returned normally after {@code durationNanos}. */
    void succeeded(long durationNanos) {
        releaseBulkhead();
        if (permit != null) {
            breaker.onSuccess(permit, durationNanos);
            permit = null;
        }
    }

    /**
     * The attempt failed with {@code error} (null when unknown); {@code ignoreOn} spares the breaker, never for a timeout.
     *
     * @param method the method called ({@code Class#method(params)}), null when unknown
     */
    void failed(long durationNanos, Throwable error, boolean timedOut, String method) {
        releaseBulkhead();
        if (permit != null) {
            if (error != null && !timedOut && rule.ignoreOn.matches(error)) {
                breaker.release(permit);
            } else {
                breaker.onFailure(permit, durationNanos, error, shared(method, error));
            }
            permit = null;
        }
    }

    /** The attempt returned a response whose status the rule lists in {@code onStatus}: a failure for the breaker. */
    void failedWithStatus(long durationNanos, int status, String method) {
        releaseBulkhead();
        if (permit != null) {
            breaker.onFailure(permit, durationNanos, new HttpStatusFailure(status), shared(method, null));
            permit = null;
        }
    }

    /**
     * The method, for a breaker the rule's methods share; null for one of its own, whose label
     * already names it, and for a failure of this rule's own making, whose message does.
     */
    private String shared(String method, Throwable error) {
        return rule.ruleBreaker() != null && !Texts.ownFailureOf(rule.name(), error) ? method : null;
    }

    /**
     * {@code mode: observe}: enforcement would have refused the attempt after admitting it (every
     * timeout worker busy). It gives back what it holds, as a refused attempt does, so the breaker
     * records nothing of it, as under enforcement.
     */
    void wouldBeRefused() {
        release();
        wouldBeRejected = true;
    }

    /** Gives back whatever the attempt holds, recording nothing: it is refused or abandoned. */
    void release() {
        releaseBulkhead();
        releasePermit();
    }

    /**
     * Gives the place back first, then forgets it: a stack overflow in between (a protected call deep
     * in a recursion) must leave the place held, for the clean-up of the call it cut short to give
     * back. The other order lost it for good, and once every place was lost the rule refused every
     * call (audit). The price, when the overflow strikes just after the semaphore took the place
     * back (waking a waiter): it is given back twice, and the bulkhead lets one call more than
     * {@code maxConcurrent} in from then on, the lesser harm.
     */
    private void releaseBulkhead() {
        if (bulkheadHeld) {
            rule.bulkhead.release();
            bulkheadHeld = false;
        }
    }

    private void releasePermit() {
        if (permit != null) {
            CircuitBreaker.Permit held = permit;
            permit = null;
            breaker.release(held);
        }
    }
}
