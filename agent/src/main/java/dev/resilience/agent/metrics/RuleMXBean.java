package dev.resilience.agent.metrics;

/**
 * The JMX view of one rule, registered as {@code resilience-agent:type=Rule,name=<rule>}: its
 * breaker state, the six figures of the policy contract and the other counts, and the operator's
 * levers on its breaker. Counts are totals since the JVM started.
 */
public interface RuleMXBean {

    /**
     * CLOSED, OPEN, HALF_OPEN, FORCED_OPEN or FORCED_CLOSED; OFF when the rule has no breaker. Under
     * {@code scope: method} the most severe state among the rule's method breakers (see
     * {@link #getBreakerStates()}), CLOSED before any of them exists.
     */
    String getBreakerState();

    /** {@code Class#method(params)=STATE} for each breaker of the rule; one entry {@code rule=STATE} under scope: rule. */
    String[] getBreakerStates();

    long getSuccesses();

    /** Failed calls, timed-out calls included. */
    long getFailures();

    /** Attempts after the first. */
    long getRetryAttempts();

    /** Attempts that timed out. */
    long getTimeouts();

    /** Transitions to OPEN. */
    long getBreakerOpens();

    /** Transitions from HALF_OPEN to CLOSED. */
    long getBreakerResets();

    /** Calls refused by an open circuit, a full bulkhead or busy timeout workers. */
    long getRejections();

    long getFallbacks();

    long getAgentErrors();

    /** The methods the rule has instrumented so far. */
    String[] getMethods();

    /** Opens the rule's breaker(s) and holds them open, rejecting every call, until {@link #reset()}. */
    void forceOpen();

    /** Closes the rule's breaker(s) and holds them closed, ignoring failures, until {@link #reset()}. */
    void forceClosed();

    /** Returns the rule's breaker(s) to CLOSED with fresh counts, lifting any forcing. */
    void reset();
}
