package dev.resilience.agent.policy;

/**
 * A rule's name and {@code match} as read, kept even when the policy is invalid, so {@code validate}
 * can judge rules against each other and still report every problem at once. Immutable and thread-safe.
 *
 * @param path where the rule is, as messages name it: {@code rules[2]}
 */
public record RuleMatch(String path, String name, Match match) { }
