package dev.resilience.agent.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Effective retry settings. {@code maxAttempts} counts the first attempt. Exception lists hold
 * binary class names matched against the thrown type and its supertypes by name.
 *
 * @param budget   null when no retry budget is set
 * @param onStatus HTTP statuses treated as failures for response-returning methods; empty = none
 */
public record RetrySettings(
        int maxAttempts,
        Duration delay,
        double multiplier,
        Duration maxDelay,
        double jitter,
        List<String> retryOn,
        List<String> abortOn,
        Budget budget,
        Set<Integer> onStatus) {

    public RetrySettings {
        retryOn = List.copyOf(retryOn);
        abortOn = List.copyOf(abortOn);
        onStatus = Set.copyOf(onStatus);
    }

    /** {@code retry.budget}: retries allowed while under {@code ratio} x calls (10 s) or {@code minPerSecond}. */
    public record Budget(double ratio, int minPerSecond) { }
}
