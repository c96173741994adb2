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

    /** The state as the {@code state} tag spells it: CLOSED, OPEN, HALF_OPEN, FORCED_OPEN or FORCED_CLOSED. */
    String state() {
        return stateOf(breaker);
    }

    static String stateOf(CircuitBreaker breaker) {
        CircuitBreaker.State state = breaker.state();
        return breaker.isForced() ? "FORCED_" + state.name() : state.name();
    }
}
