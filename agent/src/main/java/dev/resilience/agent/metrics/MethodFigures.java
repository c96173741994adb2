package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CallStats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The figures of one method under one rule: the sum over its sites (a retransformed class gets new
 * sites for the same methods, each with its own counters). Reads sum striped counters and are
 * meant for scrapes, not for the hot path. Thread-safe.
 */
final class MethodFigures {
    private final String rule;
    private final String method;
    private final boolean timed;
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

    long successes() {
        return sum(s -> s.successes);
    }

    /** Failed calls, timed-out ones included. */
    long failures() {
        return sum(s -> s.failures);
    }

    /** Failed calls whose last attempt timed out. */
    long timedOutCalls() {
        return sum(s -> s.timedOutCalls);
    }

    /**
     * Failed calls whose last failure was not a timeout. Timed-out calls are read first and counted
     * first by the core, so this never reads higher than the truth.
     */
    long failuresOtherThanTimeout() {
        long timedOut = timedOutCalls();
        return failures() - timedOut;
    }

    long rejections() {
        return sum(s -> s.rejections);
    }

    long fallbacks() {
        return sum(s -> s.fallbacks);
    }

    long retries() {
        return sum(s -> s.retries);
    }

    long timeouts() {
        return sum(s -> s.timeouts);
    }

    long agentErrors() {
        return sum(s -> s.agentErrors);
    }

    long timedCalls() {
        return sum(s -> s.timedCalls);
    }

    long durationNanos() {
        return sum(s -> s.durationNanos);
    }

    /** Calls that ended, however they ended. */
    long calls() {
        return successes() + failures() + rejections() + fallbacks();
    }

    private long sum(Function<CallStats, LongAdder> counter) {
        long total = 0;
        for (CallStats s : stats) {
            total += counter.apply(s).sum();
        }
        return total;
    }
}
