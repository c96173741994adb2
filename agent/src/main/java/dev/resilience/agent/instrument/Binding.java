package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.RuleRuntime;

/**
 * What a site currently runs under: its rule, its breaker (shared by the rule or its own) and how
 * failures and fallbacks are made for this method. Replaced as a whole on reload, so a call sees
 * one consistent set. Immutable and thread-safe.
 *
 * @param breaker        null when the rule's breaker is off
 * @param fallback       null when the rule has no fallback
 * @param circuitBreaker {@code breaker}'s breaker, or null: kept here so a call reaches it in one load
 * @param light          the rule's {@link RuleRuntime#light()}, kept here for the same reason
 */
public record Binding(RuleRuntime rule, RuleRuntime.BreakerHandle breaker, FailureFactory failures, Fallback fallback,
                      CircuitBreaker circuitBreaker, boolean light) {

    public Binding(RuleRuntime rule, RuleRuntime.BreakerHandle breaker, FailureFactory failures, Fallback fallback) {
        this(rule, breaker, failures, fallback, breaker == null ? null : breaker.breaker(), rule.light());
    }
}
