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
 */
record RuleFigures(String rule, long successes, long failures, long retryAttempts, long timeouts, long breakerOpens,
                   long breakerResets, long rejections, long fallbacks, long agentErrors) {

    /** Calls that ended, however they ended. */
    long calls() {
        return successes + failures + rejections + fallbacks;
    }

    /** {@code successes=3 failures=1 retryAttempts=4 ...}: the shutdown summary's fields. */
    String fields() {
        return "successes=" + successes + " failures=" + failures + " retryAttempts=" + retryAttempts
                + " timeouts=" + timeouts + " breakerOpens=" + breakerOpens + " breakerResets=" + breakerResets
                + " rejections=" + rejections + " fallbacks=" + fallbacks + " agentErrors=" + agentErrors;
    }
}
