package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What loading a policy produced: a policy, or the complete list of problems sorted by position.
 * Immutable and thread-safe.
 *
 * @param policy  null when there are errors
 * @param errors  empty when the policy is valid
 * @param matches the name and match of every rule that has both readable, valid policy or not
 */
public record LoadResult(Policy policy, List<PolicyError> errors, List<RuleMatch> matches) {
    public LoadResult {
        errors = List.copyOf(errors);
        matches = List.copyOf(matches);
    }

    /** A result without rules to compare: the file could not be read or composed. */
    public LoadResult(Policy policy, List<PolicyError> errors) {
        this(policy, errors, List.of());
    }

    /** True when the policy is valid and {@link #policy()} is set. */
    public boolean ok() {
        return policy != null && errors.isEmpty();
    }

    /**
     * This result with problems a caller found beyond the loader's ({@code validate}'s checks across rules),
     * every problem sorted by position; without a policy when there are any.
     */
    public LoadResult withErrors(List<PolicyError> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<PolicyError> all = new ArrayList<>(errors);
        all.addAll(more);
        all.sort(PolicyError.BY_POSITION);
        return new LoadResult(null, all, matches);
    }
}
