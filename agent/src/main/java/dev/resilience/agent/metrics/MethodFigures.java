package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CallStats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The figures of one method under one rule: the sum over its sites (a retransformed class gets new
 * sites for the same methods, each with its own counters). Reads sum striped counters and are
 * meant for scrapes, not for the hot path. Thread-safe.
 */
final class MethodFigures {
    private final String rule;
    private final String method;
    /** Set once a rule of this method measures durations (a reload may add a timeout). Guarded by the inventory. */
    private boolean timed;
    private boolean timerDefined;
    private final List<CallStats> stats = new CopyOnWriteArrayList<>();

    MethodFigures(String rule, String method, boolean timed) {
        this.rule = rule;
        this.method = method;
        this.timed = timed;
    }

    void add(CallStats siteStats) {
        stats.add(siteStats);
    }

    String rule() {
        return rule;
    }

    /** {@code com.example.Client#get(java.lang.String)}. */
    String method() {
        return method;
    }

    /** True when the rule measures call durations (a timeout or a slow-call breaker). */
    boolean timed() {
        return timed;
    }

    /** The method's rule now measures durations; true when it did not before. */
    boolean markTimed() {
        boolean was = timed;
        timed = true;
        return !was;
    }

    /** True the first time it is asked once the method is timed: its duration timer is defined once. */
    boolean claimTimer() {
        if (!timed || timerDefined) {
            return false;
        }
        timerDefined = true;
        return true;
    }

    long successes() {
        return sum(Counter.SUCCESSES);
    }

    /** Failed calls, timed-out ones included. */
    long failures() {
        return sum(Counter.FAILURES);
    }

    /** Failed calls whose last attempt timed out. */
    long timedOutCalls() {
        return sum(Counter.TIMED_OUT_CALLS);
    }

    /**
     * Failed calls whose last failure was not a timeout. The core counts a timed-out call first and
     * its failure second; reading failures first and timed-out calls second means a call finishing
     * in between can only make this read low, never high (and the counter meter never shows a dip).
     */
    long failuresOtherThanTimeout() {
        long failed = failures();
        return failed - timedOutCalls();
    }

    /** Calls refused by an open circuit, a full bulkhead or busy workers, whether or not a fallback then served them. */
    long rejections() {
        return sum(Counter.REJECTIONS) + sum(Counter.REFUSED_TO_FALLBACK);
    }

    /** Refused calls whose caller got the refusal (the others' outcome is the fallback). */
    long rejectedOutcome() {
        return sum(Counter.REJECTIONS);
    }

    long fallbacks() {
        return sum(Counter.FALLBACKS);
    }

    long retries() {
        return sum(Counter.RETRIES);
    }

    long timeouts() {
        return sum(Counter.TIMEOUTS);
    }

    long agentErrors() {
        return sum(Counter.AGENT_ERRORS);
    }

    long timedCalls() {
        return sum(Counter.TIMED_CALLS);
    }

    long durationNanos() {
        return sum(Counter.DURATION_NANOS);
    }

    /** Calls that ended, however they ended. */
    long calls() {
        return successes() + failures() + rejectedOutcome() + fallbacks();
    }

    /** The counters of {@link CallStats}, named here so a sum needs no lambda (class loading at shutdown adds up). */
    private enum Counter { SUCCESSES, FAILURES, TIMED_OUT_CALLS, REJECTIONS, REFUSED_TO_FALLBACK, FALLBACKS, RETRIES,
        TIMEOUTS, AGENT_ERRORS, TIMED_CALLS, DURATION_NANOS }

    private long sum(Counter counter) {
        long total = 0;
        for (CallStats s : stats) {
            total += read(s, counter);
        }
        return total;
    }

    private static long read(CallStats s, Counter counter) {
        return switch (counter) {
            case SUCCESSES -> s.successes.sum();
            case FAILURES -> s.failures.sum();
            case TIMED_OUT_CALLS -> s.timedOutCalls.sum();
            case REJECTIONS -> s.rejections.sum();
            case REFUSED_TO_FALLBACK -> s.refusedToFallback.sum();
            case FALLBACKS -> s.fallbacks.sum();
            case RETRIES -> s.retries.sum();
            case TIMEOUTS -> s.timeouts.sum();
            case AGENT_ERRORS -> s.agentErrors.sum();
            case TIMED_CALLS -> s.timedCalls.sum();
            case DURATION_NANOS -> s.durationNanos.sum();
        };
    }
}
