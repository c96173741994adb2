package dev.resilience.agent.policy;

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
        OnFailure onFailure) {

    /** {@code mode}: enforce the policy, or only observe and record what enforcement would do. */
    public enum Mode { ENFORCE, OBSERVE }

    /** {@code onFailure.exception}: the class the agent throws instead of its own failure types. */
    public record OnFailure(String exceptionClass, Position position) { }
}
