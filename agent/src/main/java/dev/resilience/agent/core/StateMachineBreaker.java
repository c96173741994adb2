package dev.resilience.agent.core;

import dev.resilience.agent.core.BreakerPhase.Counting;
import dev.resilience.agent.core.BreakerPhase.Forced;
import dev.resilience.agent.core.BreakerPhase.HalfOpen;
import dev.resilience.agent.core.BreakerPhase.Open;
import dev.resilience.agent.policy.BreakerSettings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The state machine shared by both breaker kinds; subclasses supply only how CLOSED counts.
 *
 * <p>The whole state is one volatile reference to an immutable-identity {@link BreakerPhase}. Every
 * transition installs a <em>new</em> phase object with compare-and-set, so two threads can never
 * both win the same transition (no ABA) and the winner alone notifies the listener. Counts live in
 * the phase they belong to, so entering a state starts with fresh counts and no reset races.
 * Thread-safe and lock-free.
 */
abstract class StateMachineBreaker implements CircuitBreaker {

    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(StateMachineBreaker.class, "phase", BreakerPhase.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String BY_OPERATOR = "forced by operator";

    private final NanoClock clock;
    private final TransitionListener listener;
    private final long openNanos;
    /**
     * When a trial still counted is taken for lost: after the longest a call's attempt can hold its
     * permit by its rule (bulkhead wait and timeout), plus {@code openDuration}; never when nothing
     * bounds a trial. Replaced by a reload, never shortened.
     */
    private volatile TrialLimit trialLimit;
    private final int halfOpenCalls;
    private final String halfOpenReason;

    private volatile BreakerPhase phase;

    /**
     * @param longestTrialNanos how long an attempt may hold its permit by its rule (its bulkhead wait
     *                          and timeout), {@link CircuitBreaker#UNBOUNDED} when nothing bounds it
     */
    StateMachineBreaker(BreakerSettings settings, long longestTrialNanos, NanoClock clock, TransitionListener listener) {
        Objects.requireNonNull(settings.openDuration(), "circuitBreaker.openDuration");
        if (settings.openDuration().isNegative() || settings.openDuration().isZero()) {
            throw new IllegalArgumentException("circuitBreaker.openDuration must be > 0, got " + settings.openDuration());
        }
        if (settings.halfOpenCalls() < 1) {
            throw new IllegalArgumentException("circuitBreaker.halfOpenCalls must be >= 1, got " + settings.halfOpenCalls());
        }
        this.clock = clock;
        this.listener = listener;
        this.openNanos = settings.openDuration().toNanos();
        this.trialLimit = TrialLimit.of(lostAfter(longestTrialNanos), clock.nanoTime());
        this.halfOpenCalls = settings.halfOpenCalls();
        this.halfOpenReason = "open for " + Texts.duration(settings.openDuration()) + ", "
                + (halfOpenCalls == 1 ? "trial call permitted" : halfOpenCalls + " trial calls permitted");
    }

    private long lostAfter(long longestTrialNanos) {
        long lost = openNanos + longestTrialNanos;
        return longestTrialNanos <= 0 || lost < 0 ? UNBOUNDED : lost;
    }

    /**
     * The breaker outlives a reload that changed its rule's timeout or bulkhead wait: calls still
     * running under the old limits keep their time, and later calls get the new limits' time; calls
     * that ran with no timeout get it from now ({@link TrialLimit}).
     */
    @Override
    public final synchronized void allowTrialsOf(long longestTrialNanos) { // synchronized: no reload's limit lost
        trialLimit = trialLimit.allowing(lostAfter(longestTrialNanos), clock.nanoTime());
    }

    /** Called once at the end of the subclass constructor, when {@link #newCounting()} can work. */
    final void start() {
        BreakerPhase first = newCounting();
        first.trials = new RunningTrials(clock.nanoTime());
        phase = first;
    }

    /** @return fresh CLOSED counts */
    abstract Counting newCounting();

    @Override
    public final Permit acquirePermit() {
        BreakerPhase p = phase;
        return p.permitsAll ? p : acquireSlow(p, true);
    }

    /**
     * Permit-less callers (operators, tests) never report which phase admitted them, so their trials
     * take a round's slot but are left out of the count of trials running (a trial they end in
     * another phase would otherwise be counted for ever, or end one it never started).
     */
    @Override
    public final boolean tryAcquirePermission() {
        BreakerPhase p = phase;
        return p.permitsAll || acquireSlow(p, false) != null;
    }

    /** @param counted whether the trial counts among those running: every call that holds its permit */
    private Permit acquireSlow(BreakerPhase p, boolean counted) {
        while (true) {
            if (p instanceof HalfOpen) {
                return acquireTrial((HalfOpen) p, counted);
            }
            if (!(p instanceof Open)) {
                return p.permitsAll ? p : null;
            }
            Open open = (Open) p;
            long now = clock.nanoTime();
            if (now - open.openedAt < openNanos) {
                return null;
            }
            RunningTrials running = open.trials;
            String reason = halfOpenReason;
            if (running.running() > 0 && trialLimit.lost(running.sinceLastStart(now), now)) {
                // Earlier rounds' trials that will never end: counted on, they would hold every later round
                // back, or keep the circuit open for good.
                reason = halfOpenReason + "; " + Texts.plural(running.running(), "earlier trial call")
                        + " no longer counted, none started for " + Texts.elapsed(running.sinceLastStart(now));
                running = new RunningTrials(now);
            }
            if (counted && !running.start(halfOpenCalls, now)) {
                return null; // an earlier round's trials still run: OPEN until one of them ends
            }
            // The thread that moves the breaker to HALF_OPEN holds its first trial slot.
            HalfOpen trial = new HalfOpen(1, now);
            if (transition(open, trial, running, reason)) {
                return trial;
            }
            if (counted) {
                running.end();
            }
            p = phase;
        }
    }

    /**
     * A HALF_OPEN round's slot, and a place among the trials running. A round whose slots or places
     * are held only by trials older than any trial can take (lost: see {@link RunningTrials}) would
     * never end: it ends as if they had failed, and the circuit opens again.
     */
    private Permit acquireTrial(HalfOpen round, boolean counted) {
        long now = clock.nanoTime();
        TrialLimit limit = trialLimit;
        if (!round.tryTake(halfOpenCalls, now)) {
            long sinceTaken = round.lastTaken.before(now);
            if (limit.lost(sinceTaken, now)) { // every slot taken, the last that long ago
                reopen(round, now, sinceTaken);
            }
            return null;
        }
        RunningTrials running = round.trials;
        if (!counted || running.start(halfOpenCalls, now)) {
            return round;
        }
        round.release();
        if (limit.lost(running.sinceLastStart(now), now)) {
            reopen(round, now, running.sinceLastStart(now));
        }
        return null;
    }

    /**
     * The round's trials are lost: it ends as if they had failed. Their count goes on to the OPEN
     * phase (a trial may have started meanwhile, and ended one lost: it must stay counted); the next
     * round drops what no trial started since then keeps there.
     */
    private void reopen(HalfOpen round, long now, long age) {
        int running = round.trials.running();
        String since = Texts.elapsed(age);
        String reason = running == 0 ? "trial round not ended " + since + " after its last trial started"
                : running == 1 ? "1 trial call still running after " + since
                : running + " trial calls still running, the last started " + since + " ago";
        transition(round, new Open(now), reason + ", taken as failed");
    }

    @Override
    public final boolean refusesFor(long nanos) {
        BreakerPhase p = phase;
        if (p instanceof Forced) {
            return !p.permitsAll;
        }
        return p instanceof Open open && clock.nanoTime() - open.openedAt + nanos < openNanos;
    }

    // A trial's end is counted where its outcome is recorded (recordSuccess/recordFailure), or here
    // for one of an earlier round: the CLOSED success path gains no check.
    @Override
    public final void onSuccess(Permit permit, long durationNanos) {
        BreakerPhase p = phase;
        if (p == permit) {
            recordSuccess(p, durationNanos, true);
        } else if (permit instanceof HalfOpen) {
            ((HalfOpen) permit).trials.end();
        }
    }

    @Override
    public final void onFailure(Permit permit, long durationNanos, Throwable error) {
        onFailure(permit, durationNanos, error, null);
    }

    @Override
    public final void onFailure(Permit permit, long durationNanos, Throwable error, String method) {
        BreakerPhase p = phase;
        if (p == permit) {
            recordFailure(p, durationNanos, error, method, true);
        } else if (permit instanceof HalfOpen) {
            ((HalfOpen) permit).trials.end();
        }
    }

    @Override
    public final void release(Permit permit) {
        if (permit instanceof HalfOpen) {
            ((HalfOpen) permit).release();
            ((HalfOpen) permit).trials.end();
        }
    }

    @Override
    public final void onSuccess(long durationNanos) {
        recordSuccess(phase, durationNanos, false);
    }

    @Override
    public final void onFailure(long durationNanos, Throwable error) {
        recordFailure(phase, durationNanos, error, null, false);
    }

    @Override
    public final void releasePermission() {
        BreakerPhase p = phase;
        if (p instanceof HalfOpen) {
            ((HalfOpen) p).release(); // a round's slot only: permit-less trials are not counted as running
        }
    }

    /** @param counted whether the call was counted among the trials running ({@link #acquireSlow}) */
    private void recordSuccess(BreakerPhase p, long durationNanos, boolean counted) {
        if (p instanceof Counting) {
            String reason = ((Counting) p).recordSuccess(durationNanos);
            if (reason != null) {
                transition(p, new Open(clock.nanoTime()), reason);
            }
        } else if (p instanceof HalfOpen) {
            int succeeded = ((HalfOpen) p).succeed();
            if (counted) {
                p.trials.end();
            }
            if (succeeded >= halfOpenCalls) {
                transition(p, newCounting(), Texts.plural(succeeded, "trial call") + " succeeded, "
                        + Texts.elapsed(clock.nanoTime() - p.openedFromClosedAt) + " after the circuit opened");
            }
        }
    }

    private void recordFailure(BreakerPhase p, long durationNanos, Throwable error, String method, boolean counted) {
        if (p instanceof Counting) {
            String reason = ((Counting) p).recordFailure(durationNanos, error, method);
            if (reason != null) {
                transition(p, new Open(clock.nanoTime()), reason);
            }
        } else if (p instanceof HalfOpen) {
            if (counted) {
                p.trials.end();
            }
            transition(p, new Open(clock.nanoTime()), "trial call failed"
                    + (error == null ? "" : ": " + Texts.error(error)) + Texts.in(method));
        }
    }

    @Override
    public final State state() {
        return phase.state;
    }

    @Override
    public final boolean isForced() {
        return phase instanceof Forced;
    }

    @Override
    public final void forceOpen() {
        replace(new Forced(State.OPEN), BY_OPERATOR);
    }

    @Override
    public final void forceClosed() {
        replace(new Forced(State.CLOSED), BY_OPERATOR);
    }

    @Override
    public final void keepForcing(State state) {
        BreakerPhase forced = new Forced(state);
        forced.trials = new RunningTrials(clock.nanoTime());
        PHASE.set(this, forced);
        listener.onCarriedOver(state, "forced by operator before the policy was reloaded, until reset");
    }

    @Override
    public final void reset() {
        replace(newCounting(), "reset by operator");
    }

    private boolean transition(BreakerPhase from, BreakerPhase to, String reason) {
        return transition(from, to, from.trials, reason);
    }

    private boolean transition(BreakerPhase from, BreakerPhase to, RunningTrials trials, String reason) {
        to.trials = trials;
        to.openedFromClosedAt = to instanceof Open && from instanceof Counting ? ((Open) to).openedAt : from.openedFromClosedAt;
        if (!PHASE.compareAndSet(this, from, to)) {
            return false;
        }
        if (from.state != to.state) {
            try {
                listener.onTransition(from.state, to.state, reason);
            } catch (StackOverflowError overflow) {
                // A call deep in a recursion, out of stack in the log line. Thrown on, it would lose what the
                // caller does next (a trial's permit, a failed trial's end), and the round would wait for a
                // trial nobody ends, refusing every call for good (audit). Only the line and its count are lost.
            }
        }
        return true;
    }

    /** Unconditional change by an operator; notifies only when the state itself changes. */
    private void replace(BreakerPhase to, String reason) {
        to.trials = new RunningTrials(clock.nanoTime());
        BreakerPhase from = (BreakerPhase) PHASE.getAndSet(this, to);
        if (from.state != to.state) {
            listener.onTransition(from.state, to.state, reason);
        }
    }

    @Override
    public String toString() {
        BreakerPhase p = phase;
        return getClass().getSimpleName() + "[" + p.state + (p instanceof Forced ? ", forced" : "") + "]";
    }
}
