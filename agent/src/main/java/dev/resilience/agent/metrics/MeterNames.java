package dev.resilience.agent.metrics;

import java.util.List;

/**
 * Every meter name, tag key and fixed tag value the agent publishes: the one place they are
 * spelled. Micrometer names are dotted; the Prometheus endpoint shows them the Prometheus way
 * ({@code resilience.calls} as {@code resilience_calls_total}). docs/metrics.md describes each one.
 */
public final class MeterNames {
    public static final String PREFIX = "resilience.";

    /** Counter of calls by how they ended; tags rule, method, outcome. */
    public static final String CALLS = PREFIX + "calls";
    /** Counter of attempts after the first; tags rule, method. */
    public static final String RETRY_ATTEMPTS = PREFIX + "retry.attempts";
    /** Counter of attempts that timed out; tags rule, method. */
    public static final String TIMEOUTS = PREFIX + "timeouts";
    /** Counter of calls refused by an open circuit, a full bulkhead or busy timeout workers; tags rule, method. */
    public static final String REJECTIONS = PREFIX + "rejections";
    /**
     * Gauge per state, 1 for the breaker's current state and 0 for the others (all 0 once no method
     * uses the breaker); tags rule, state, and method under scope: method.
     */
    public static final String BREAKER_STATE = PREFIX + "circuitbreaker.state";
    /** Counter of breaker state changes; tags rule, from, to, and method under scope: method. */
    public static final String BREAKER_TRANSITIONS = PREFIX + "circuitbreaker.transitions";
    /** Function timer of whole-call durations (rules with a timeout or a slow-call breaker); tags rule, method. */
    public static final String CALL_DURATION = PREFIX + "call.duration";
    /** Counter of the agent's own internal errors; tags rule, method (both empty when not tied to a method). */
    public static final String AGENT_ERRORS = PREFIX + "agent.errors";

    public static final String RULE = "rule";
    public static final String METHOD = "method";
    public static final String OUTCOME = "outcome";
    public static final String STATE = "state";
    public static final String FROM = "from";
    public static final String TO = "to";

    /** Stands for the method of a breaker the whole rule shares ({@code scope: rule}): its meters carry no {@code method} tag. */
    public static final String WHOLE_RULE = "";

    /** How a call ended: the values of the {@code outcome} tag. Every call has exactly one. */
    public enum Outcome {
        SUCCESS("success"),
        /** failed, its last failure not a timeout */
        FAILURE("failure"),
        /** failed, its last attempt timed out */
        TIMEOUT("timeout"),
        REJECTED("rejected"),
        FALLBACK("fallback");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Values of the {@code state} tag: the breaker's state, or the state an operator forced it into. */
    public static final List<String> STATES = List.of("CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "FORCED_CLOSED");

    /** The (from, to) pairs a breaker can take; the transitions counter has one series for each. */
    public static final List<List<String>> TRANSITIONS = List.of(
            List.of("CLOSED", "OPEN"),
            List.of("OPEN", "HALF_OPEN"),
            List.of("HALF_OPEN", "CLOSED"),
            List.of("HALF_OPEN", "OPEN"),
            List.of("OPEN", "CLOSED"));

    private MeterNames() {
    }
}
