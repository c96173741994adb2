package dev.resilience.agent.policy;

import java.util.List;

/**
 * A loaded, validated policy: every rule already carries its effective settings (rule over
 * {@code defaults} over built-in defaults). Immutable and thread-safe.
 *
 * @param source the file name as the operator gave it, used in every message
 */
public record Policy(String source, int version, List<Rule> rules) {
    public Policy {
        rules = List.copyOf(rules);
    }
}
