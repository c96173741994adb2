package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CircuitBreaker;

/**
 * One circuit breaker as metrics show it: its label (the rule, or the rule and method under
 * {@code scope: method}), its tags and the breaker currently behind the label (a reload may
 * rebuild it). Thread-safe.
 */
final class BreakerView {
    private final String label;
    private final String rule;
    private final String method;
    private volatile CircuitBreaker breaker;
    /** False while no method is bound to this breaker (its rule removed, or its scope changed by a reload). */
    private volatile boolean live = true;

    /** @param method {@link MeterNames#WHOLE_RULE} for a breaker the whole rule shares */
    BreakerView(String label, String rule, String method, CircuitBreaker breaker) {
        this.label = label;
        this.rule = rule;
        this.method = method;
        this.breaker = breaker;
    }

    String label() {
        return label;
    }

    String rule() {
        return rule;
    }

    String method() {
        return method;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    void follow(CircuitBreaker current) {
        this.breaker = current;
    }

    /**
     * The state as the {@code state} tag spells it: CLOSED, OPEN, HALF_OPEN, FORCED_OPEN or
     * FORCED_CLOSED; empty for a breaker no longer in use, whose state gauges then all read 0 (an
     * alert on OPEN must not go on firing for a breaker that no longer exists).
     */
    String state() {
        return live ? stateOf(breaker) : "";
    }

    boolean live() {
        return live;
    }

    void live(boolean inUse) {
        this.live = inUse;
    }

    static String stateOf(CircuitBreaker breaker) {
        return breaker.stateName();
    }
}
