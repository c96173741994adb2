package dev.resilience.agent.policy;

import java.util.List;

/**
 * One rule with its effective (merged) settings. A {@code null} pattern setting means that
 * pattern is off for this rule ({@code retry: off}, or never configured for bulkhead/fallback).
 * Immutable and thread-safe.
 */
public record Rule(
        String name,
        Position position,
        Match match,
        Mode mode,
        RetrySettings retry,
        TimeoutSettings timeout,
        BreakerSettings circuitBreaker,
        BulkheadSettings bulkhead,
        FallbackSettings fallback,
        OnFailure onFailure,
        List<NamedException> exceptionNames,
        Position onStatusInRule) {

    public Rule {
        exceptionNames = List.copyOf(exceptionNames);
    }

    /** {@code mode}: enforce the policy, or only observe and record what enforcement would do. */
    public enum Mode { ENFORCE, OBSERVE }

    /** {@code onFailure.exception}: the class the agent throws instead of its own failure types. */
    public record OnFailure(String exceptionClass, Position position) { }

    /**
     * An exception class named by the rule's effective {@code retryOn}, {@code abortOn} or
     * {@code ignoreOn} ({@code key}), and where the name is written: in the rule, in
     * {@code defaults}, or at the rule itself for a built-in one. Lets tools point at the entry.
     */
    public record NamedException(String key, String className, Position position) { }

    /**
     * Where the rule itself writes a non-empty {@code retry.onStatus}, or null (none, or one it
     * takes from {@code defaults}, which is meant for several rules): lets {@code explain} point at
     * an {@code onStatus} none of the rule's methods can use.
     */
    public Position onStatusInRule() {
        return onStatusInRule;
    }
}
