package dev.resilience.agent.policy;

import java.time.Duration;

/** At most {@code maxConcurrent} calls in the rule at once; others wait up to {@code maxWait} (may be zero). */
public record BulkheadSettings(int maxConcurrent, Duration maxWait) { }
