package dev.resilience.agent.core;

/**
 * The clock side of one protected call: when the call and its running attempt started and ended,
 * and the deadline an enclosing protected call imposes on it. It answers how long an attempt may
 * take and took, and records the call's duration.
 *
 * <p>Part of a {@link CallExecution}, which owns one and starts it afresh for every call, so
 * timing allocates nothing per call. The clock is read only when something needs the reading:
 * clock reads are the dearest part of a call. Not thread-safe, like its execution.
 */
public final class AttemptTiming {
    private RuleRuntime rule;
    /** Clock-based deadline of an enclosing protected call, or {@link Long#MAX_VALUE}. */
    private long deadline;
    /** When the call started; 0 when it is not measured. */
    private long callStart;
    private long attemptStart;
    /** When the running attempt ended, read from the clock once per attempt (valid when {@link #ended}). */
    private long attemptEnd;
    private boolean ended;
    /** The running attempt's body never ran: the enclosing deadline had passed, or its worker never started it. */
    private boolean bodyNeverRan;

    /**
     * Starts timing a call, reading the clock only when durations matter.
     *
     * @param outerDeadline see {@link CallExecution#begin}
     */
    void begin(RuleRuntime rule, long outerDeadline) {
        this.rule = rule;
        this.deadline = outerDeadline;
        this.callStart = measuresTime() ? rule.clock().nanoTime() : 0L;
    }

    /** An attempt is about to start: the previous one's end no longer counts. */
    void newAttempt() {
        ended = false;
        bodyNeverRan = false;
    }

    /** The attempt with this number was admitted and starts now. */
    void attemptAdmitted(int attempt) {
        if (measuresTime()) {
            // The first attempt starts when the call does unless a bulkhead made it wait: one clock
            // read fewer (each costs ~30 ns on a virtualised clock).
            attemptStart = attempt == 1 && rule.bulkhead == null ? callStart : rule.clock().nanoTime();
        }
    }

    /** True when an enclosing call's deadline has passed: the attempt about to start cannot run. */
    boolean enclosingDeadlinePassed() {
        return deadline != Long.MAX_VALUE && deadline - rule.clock().nanoTime() <= 0;
    }

    /** {@code wait}, cut to what is left of the enclosing deadline: nobody waits past it. */
    long cutToDeadline(long wait) {
        if (deadline == Long.MAX_VALUE) {
            return wait;
        }
        return Math.min(wait, deadline - rule.clock().nanoTime());
    }

    /** True unless waiting {@code wait} from now would reach the enclosing deadline. */
    boolean leavesRoomFor(long wait) {
        return deadline == Long.MAX_VALUE || rule.clock().nanoTime() + wait < deadline;
    }

    /** True when the attempt has a time limit: the rule's timeout, or an enclosing call's deadline. */
    public boolean timeLimited() {
        return rule.timeoutNanos > 0 || deadline != Long.MAX_VALUE;
    }

    /**
     * The time this attempt may take: the rule's timeout cut to what is left of an enclosing
     * call's deadline. 0 means no limit; a negative value means the enclosing deadline has passed,
     * which the attempt remembers ({@link #bodyNeverRan}): asked once, as the attempt starts.
     */
    public long attemptTimeoutNanos() {
        long own = rule.timeoutNanos;
        if (deadline == Long.MAX_VALUE) {
            return own;
        }
        long left = deadline - rule.clock().nanoTime();
        if (left <= 0) {
            bodyNeverRan = true;
            return -1;
        }
        return own == 0 ? left : Math.min(own, left);
    }

    /**
     * The absolute deadline of the running attempt, for its interrupt and for nested calls: the
     * rule's timeout from the attempt's start, or the enclosing deadline when that comes first
     * (exactly it: a nested call must not lose the time this attempt has already run), or
     * {@link Long#MAX_VALUE}. Reads no clock.
     */
    public long attemptDeadline() {
        long own = rule.timeoutNanos;
        if (own == 0) {
            return deadline;
        }
        long mine = attemptStart + own;
        return deadline == Long.MAX_VALUE ? mine : Math.min(mine, deadline);
    }

    /**
     * How long the running attempt was allowed when an enclosing call's deadline cut it below the
     * rule's own timeout (0 when that deadline had passed before the attempt started), or -1 when it
     * was not cut. Reads no clock: for the message of the attempt's timeout, which must not claim
     * the rule's duration for a wait the enclosing call cut short.
     */
    public long cutLimitNanos() {
        if (deadline == Long.MAX_VALUE) {
            return -1L;
        }
        long allowed = deadline - attemptStart;
        long own = rule.timeoutNanos;
        if (own != 0 && allowed >= own) {
            return -1L;
        }
        return Math.max(0L, allowed);
    }

    /**
     * The running attempt ended before its body ran: the timeout worker handed it took it only past
     * its deadline, or its caller gave it up (deadline or interrupt) before a worker took it.
     */
    public void markBodyNeverRan() {
        bodyNeverRan = true;
    }

    /**
     * True when the running attempt's body never ran: it found the enclosing call's deadline passed
     * as it started ({@link #attemptTimeoutNanos}), or {@link #markBodyNeverRan} said so.
     */
    boolean bodyNeverRan() {
        return bodyNeverRan;
    }

    /** True when the attempt that just ended did so at or past its own deadline ({@link #attemptDeadline}). */
    public boolean endedPastDeadline() {
        return endedPast(attemptDeadline());
    }

    /** True when the attempt that just ended did so at or past {@code deadline}. */
    public boolean endedPast(long deadline) {
        return attemptEnd() - deadline >= 0;
    }

    /** How long the attempt that just ended took; 0 when the call is not measured. */
    long attemptDuration() {
        return measuresTime() ? attemptEnd() - attemptStart : 0L;
    }

    /** Records the duration of a call that ends now. */
    void recordCallDuration(CallStats stats) {
        if (callStart != 0L) {
            recordCallDuration(stats, rule.clock().nanoTime());
        }
    }

    /** Records the duration of a call that ended with its attempt: no second clock read. */
    void recordCallDurationToAttemptEnd(CallStats stats) {
        if (callStart != 0L) {
            recordCallDuration(stats, attemptEnd());
        }
    }

    /** Durations matter: the rule times calls (timeout, slow-call breaker) or an enclosing deadline runs. */
    private boolean measuresTime() {
        return rule.timed || deadline != Long.MAX_VALUE;
    }

    private long attemptEnd() {
        if (!ended) {
            attemptEnd = rule.clock().nanoTime();
            ended = true;
        }
        return attemptEnd;
    }

    private void recordCallDuration(CallStats stats, long now) {
        stats.durationNanos.add(now - callStart);
        stats.timedCalls.increment();
    }
}
