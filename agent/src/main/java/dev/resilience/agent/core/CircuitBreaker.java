package dev.resilience.agent.core;

import dev.resilience.agent.policy.BreakerSettings;

import java.util.Objects;

/**
 * A circuit breaker: CLOSED lets calls through and watches their outcomes; OPEN rejects them at
 * once; after {@code openDuration} it lets at most {@code halfOpenCalls} trial calls through at a
 * time (HALF_OPEN); once {@code halfOpenCalls} trials have succeeded it closes again, and any trial
 * failure opens it again.
 *
 * <p><b>Protocol.</b> Every call that got a {@link Permit} from {@link #acquirePermit()} must end in
 * exactly one of {@link #onSuccess(Permit, long)}, {@link #onFailure(Permit, long, Throwable)} or
 * {@link #release(Permit)}; otherwise a HALF_OPEN trial slot stays taken until the trial is taken
 * for lost (see {@link #create(BreakerSettings, long, NanoClock, TransitionListener)}), or for good
 * when nothing bounds a trial. A permit names
 * the stay in a state (the <em>phase</em>) that admitted the call, and an outcome counts only in
 * that phase: a call let through while CLOSED that ends after the breaker opened counts for
 * nothing, so it can neither close a HALF_OPEN breaker nor free the slot of a running trial. The
 * permit is the breaker's own phase object, so the success path still allocates nothing.
 *
 * <p>The permit-less methods ({@link #tryAcquirePermission()}, {@link #onSuccess(long)},
 * {@link #onFailure(long, Throwable)}, {@link #releasePermission()}) attribute outcomes to the phase
 * current when they are recorded; they serve callers that hold no permit (operators, tests), and
 * the agent's calls never use them. Their trials take a HALF_OPEN round's slot, but are not counted
 * among the trials running across rounds, which only a permit's end can be attributed to.
 *
 * <p><b>Cost.</b> In CLOSED, {@link #tryAcquirePermission()} is one volatile read; recording a
 * success in a consecutive-failure breaker writes shared memory only when there was a failure to
 * forget. Nothing allocates except state transitions.
 *
 * <p>Implementations are thread-safe and lock-free (but a rate breaker logs failures and slow calls
 * under a short lock). State changes are made with compare-and-set,
 * so the {@link TransitionListener} is called exactly once per transition, by the thread that made
 * it, after the change and outside any lock.
 */
public interface CircuitBreaker {

    /** The three states of a breaker. */
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** Proof that a call was let through, naming the phase that let it through. Opaque to callers. */
    interface Permit { }

    /**
     * Told about every state change, e.g. to count opens and log. Called on the thread that caused
     * the transition (a caller of this breaker), after the change is visible, so implementations
     * must be thread-safe: two transitions in quick succession may be reported concurrently and,
     * seen from different threads, out of order. Must be quick. If it throws, the transition still
     * stands and the exception propagates to the caller of the breaker method that caused it, but
     * for a {@link StackOverflowError}, which is dropped there: the breaker's own work after the
     * transition must not be lost to a caller's lack of stack.
     */
    @FunctionalInterface
    interface TransitionListener {

        /** A listener that does nothing. */
        TransitionListener NONE = (from, to, reason) -> { };

        /**
         * @param from   the state left, never equal to {@code to}
         * @param to     the state entered
         * @param reason a human-readable cause, e.g. "5 consecutive failures, last: java.net.ConnectException:
         *               Connection refused", "failure rate 60% >= 50% over last 20 calls",
         *               "open for 30s, trial call permitted", "forced by operator"
         */
        void onTransition(State from, State to, String reason);

        /**
         * A new breaker starts in {@code state}, taken over from the breaker it replaces (an
         * operator's forcing, kept across a reload): no transition happened, so nothing is counted.
         */
        default void onCarriedOver(State state, String reason) {
        }
    }

    /** A trial with no time limit: no timeout bounds the attempt. */
    long UNBOUNDED = Long.MAX_VALUE;

    /**
     * Builds the breaker the settings describe, whose trials are never taken for lost: a
     * consecutive-failure breaker for {@link BreakerSettings.Kind#CONSECUTIVE}, a count-based
     * sliding-window breaker for {@link BreakerSettings.Kind#RATE}. In HALF_OPEN both kinds judge trials by success or failure
     * only; a slow trial that succeeds counts as a success. {@code ignoreOn} and {@code scope} are not
     * used here: the caller classifies exceptions and decides how many breakers to build.
     *
     * @throws NullPointerException     if settings, its kind, its openDuration, clock or listener is null
     * @throws IllegalArgumentException if openDuration &lt;= 0 or halfOpenCalls &lt; 1; for CONSECUTIVE if
     *                                  failureThreshold &lt; 1; for RATE if failureRateThreshold is not in
     *                                  (0, 1], slidingWindowSize &lt; 1, minimumCalls is not in
     *                                  [0, slidingWindowSize], slowCallDuration is set and &lt;= 0, or
     *                                  slowCallDuration is set and slowCallRateThreshold is not in (0, 1]
     */
    static CircuitBreaker create(BreakerSettings settings, NanoClock clock, TransitionListener listener) {
        return create(settings, UNBOUNDED, clock, listener);
    }

    /**
     * As {@link #create(BreakerSettings, NanoClock, TransitionListener)}, with trials taken for lost
     * (their end was lost, or they hang in I/O that ignores the interrupt) once they cannot be
     * running for any other reason: they must not keep the circuit from ever closing. A HALF_OPEN
     * round whose places are all held, the last taken {@code longestTrialNanos} plus
     * {@code openDuration} ago, ends as if they had failed; a round about to start no longer
     * counts earlier trials when none has started for that long.
     *
     * @param longestTrialNanos how long one attempt may hold its permit by its rule (bulkhead wait
     *                          and timeout), or {@link #UNBOUNDED} (0 too): an unbounded trial may
     *                          just be slow, and is never taken for lost
     */
    static CircuitBreaker create(BreakerSettings settings, long longestTrialNanos, NanoClock clock,
                                 TransitionListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.kind(), "circuitBreaker kind");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        switch (settings.kind()) {
            case CONSECUTIVE:
                return new ConsecutiveBreaker(settings, longestTrialNanos, clock, listener);
            case RATE:
                return new RateBreaker(settings, longestTrialNanos, clock, listener);
            default:
                throw new IllegalArgumentException("unknown circuit breaker kind " + settings.kind());
        }
    }

    /**
     * Asks to make a call. CLOSED: always true. OPEN: false until {@code openDuration} has passed
     * since it opened; the first request after that moves the breaker to HALF_OPEN. HALF_OPEN: true
     * while fewer than {@code halfOpenCalls} trials are in flight or have succeeded; false beyond.
     * Forced open: always false; forced closed: always true.
     */
    default boolean tryAcquirePermission() {
        return acquirePermit() != null;
    }

    /**
     * Asks to make a call, as {@link #tryAcquirePermission()}.
     *
     * @return the permit to report the call's outcome with, or null when the call is refused
     */
    Permit acquirePermit();

    /** Records a success of a call admitted with {@code permit}; ignored when its phase has ended. */
    void onSuccess(Permit permit, long durationNanos);

    /** Records a failure of a call admitted with {@code permit}; ignored when its phase has ended. */
    void onFailure(Permit permit, long durationNanos, Throwable error);

    /**
     * As {@link #onFailure(Permit, long, Throwable)}, naming the method that failed: a breaker that
     * several methods share names it in the reason of the transition this failure causes, which
     * would otherwise not say where the outage is.
     *
     * @param method {@code Class#method(params)}, or null when the breaker's own label names it
     */
    default void onFailure(Permit permit, long durationNanos, Throwable error, String method) {
        onFailure(permit, durationNanos, error);
    }

    /**
     * Gives back {@code permit} without a verdict: frees the trial slot it holds, if it was granted
     * in HALF_OPEN, in the phase that granted it (never a slot of a later trial).
     */
    void release(Permit permit);

    /**
     * Records a permitted call that succeeded.
     *
     * @param durationNanos how long the call took; only a rate breaker with slow-call tracking uses it
     */
    void onSuccess(long durationNanos);

    /**
     * Records a permitted call that failed (a timeout is a failure).
     *
     * @param durationNanos how long the call took
     * @param error         the failure, used only in transition reasons; may be null (e.g. a failing
     *                      HTTP status)
     */
    void onFailure(long durationNanos, Throwable error);

    /**
     * Gives back a permission without a verdict: the call's exception is in {@code ignoreOn}, or it
     * never ran. Frees a HALF_OPEN trial slot; does nothing in other states.
     */
    void releasePermission();

    /**
     * @return the current state; an OPEN breaker whose openDuration has passed still reports OPEN
     *         until the next {@link #tryAcquirePermission()} moves it to HALF_OPEN
     */
    State state();

    /**
     * True when a call asked for {@code nanos} from now would surely be refused: the breaker is
     * forced open, or OPEN for at least that long still. A retry due then need not be waited for.
     */
    boolean refusesFor(long nanos);

    /** @return true after {@link #forceOpen()} or {@link #forceClosed()}, until {@link #reset()} */
    boolean isForced();

    /** The state as logs and metrics spell it: CLOSED, OPEN, HALF_OPEN, FORCED_OPEN or FORCED_CLOSED. */
    default String stateName() {
        return isForced() ? "FORCED_" + state().name() : state().name();
    }

    /** Opens the breaker and keeps it open, ignoring outcomes, until {@link #reset()}. */
    void forceOpen();

    /** Closes the breaker and keeps it closed, ignoring outcomes, until {@link #reset()}. */
    void forceClosed();

    /** Returns to CLOSED with every count cleared and any forcing lifted. */
    void reset();

    /**
     * Starts forced in {@code state}, as the breaker this one replaces was (a reload changed the
     * breaker's settings): an operator's kill switch stays on until the operator resets it. Not a
     * transition: the circuit never closed in between, so no open is counted.
     */
    void keepForcing(State state);

    /**
     * Kept over a reload that changed its rule's timeout or bulkhead wait: its trials may now take
     * {@code longestTrialNanos} (or be {@link #UNBOUNDED}). Never shortens the time after which a
     * trial is taken as failed: calls still running under the old limits keep theirs. A trial that
     * started while nothing bounded it is judged from this reload, once one bounds it again.
     */
    void allowTrialsOf(long longestTrialNanos);
}
