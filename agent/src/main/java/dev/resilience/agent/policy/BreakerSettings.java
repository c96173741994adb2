package dev.resilience.agent.policy;

import java.time.Duration;
import java.util.List;

/**
 * Effective circuit-breaker settings. Exactly one kind is active: {@code CONSECUTIVE} uses
 * {@code failureThreshold}; {@code RATE} uses the window keys (and the optional slow-call keys).
 * Keys of the other kind hold 0 / null. Rates are fractions in (0, 1].
 *
 * @param slowCallDuration null when slow calls are not tracked
 */
public record BreakerSettings(
        Kind kind,
        int failureThreshold,
        double failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration slowCallDuration,
        double slowCallRateThreshold,
        Duration openDuration,
        int halfOpenCalls,
        List<String> ignoreOn,
        Scope scope) {

    public BreakerSettings {
        ignoreOn = List.copyOf(ignoreOn);
    }

    public enum Kind { CONSECUTIVE, RATE }

    /** One breaker for the whole rule, or one per matched method. */
    public enum Scope { RULE, METHOD }
}
