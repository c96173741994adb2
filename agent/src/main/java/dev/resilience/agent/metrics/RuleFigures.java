package dev.resilience.agent.metrics;

/**
 * The six figures of one rule ("Counting" in the policy contract) and the other counts the agent
 * keeps, at one moment. Immutable.
 *
 * @param failures      failed calls, timed-out calls included
 * @param retryAttempts attempts after the first
 * @param timeouts      attempts that timed out
 * @param breakerOpens  transitions to OPEN, forced ones included
 * @param breakerResets transitions from HALF_OPEN to CLOSED
 * @param rejections    calls refused by an open circuit, a full bulkhead or busy workers, those a
 *                      fallback then served included (the contract counts every refused call)
 * @param fallbacks     calls that got the fallback, refused ones included
 */
record RuleFigures(String rule, long successes, long failures, long retryAttempts, long timeouts, long breakerOpens,
                   long breakerResets, long rejections, long fallbacks, long agentErrors) {

    /** True when some call ended (a call served by the fallback after a refusal counts in both of the last two). */
    boolean anyCalls() {
        return successes + failures + rejections + fallbacks > 0;
    }

    /** {@code successes=3 failures=1 retryAttempts=4 ...}: the shutdown summary's fields. */
    String fields() {
        return "successes=" + successes + " failures=" + failures + " retryAttempts=" + retryAttempts
                + " timeouts=" + timeouts + " breakerOpens=" + breakerOpens + " breakerResets=" + breakerResets
                + " rejections=" + rejections + " fallbacks=" + fallbacks + " agentErrors=" + agentErrors;
    }
}
