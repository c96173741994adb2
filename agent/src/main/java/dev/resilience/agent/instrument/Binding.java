package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;

/**
 * What a site currently runs under: its rule, its breaker (shared by the rule or its own) and how
 * failures and fallbacks are made for this method. Replaced as a whole on reload, so a call sees
 * one consistent set. Immutable and thread-safe.
 *
 * @param breaker  null when the rule's breaker is off
 * @param fallback null when the rule has no fallback
 */
public record Binding(RuleRuntime rule, RuleRuntime.BreakerHandle breaker, FailureFactory failures, Fallback fallback) {
}
