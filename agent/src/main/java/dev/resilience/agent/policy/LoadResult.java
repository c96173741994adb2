package dev.resilience.agent.policy;

import java.util.List;

/**
 * What loading a policy produced: a policy, or the complete list of problems sorted by position.
 * Immutable and thread-safe.
 *
 * @param policy null when there are errors
 * @param errors empty when the policy is valid
 */
public record LoadResult(Policy policy, List<PolicyError> errors) {
    public LoadResult {
        errors = List.copyOf(errors);
    }

    /** True when the policy is valid and {@link #policy()} is set. */
    public boolean ok() {
        return policy != null && errors.isEmpty();
    }
}
