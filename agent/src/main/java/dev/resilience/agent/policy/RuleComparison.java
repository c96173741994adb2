package dev.resilience.agent.policy;

import java.util.List;

/**
 * Compares rules the way a reload needs: by name, match and every setting, ignoring where in the
 * file they were written, so a rule that only moved (a comment added above it) counts as
 * unchanged and keeps its breaker state. Stateless and thread-safe.
 */
public final class RuleComparison {
    private RuleComparison() { }

    /** True when both rules are the same rule with the same effective settings. */
    public static boolean sameSettings(Rule a, Rule b) {
        return withoutPositions(a).equals(withoutPositions(b));
    }

    private static Rule withoutPositions(Rule rule) {
        Match m = rule.match();
        Match match = new Match(m.kind(), m.type(), patterns(m.methods()), patterns(m.exclude()), Position.UNKNOWN);
        FallbackSettings f = rule.fallback();
        FallbackSettings fallback = f == null ? null : new FallbackSettings(f.kind(), f.value(), f.method(), Position.UNKNOWN);
        Rule.OnFailure o = rule.onFailure();
        Rule.OnFailure onFailure = o == null ? null : new Rule.OnFailure(o.exceptionClass(), Position.UNKNOWN);
        return new Rule(rule.name(), Position.UNKNOWN, match, rule.mode(), rule.retry(), rule.timeout(),
                rule.circuitBreaker(), rule.bulkhead(), fallback, onFailure, List.of(), null);
    }

    private static List<MethodPattern> patterns(List<MethodPattern> patterns) {
        return patterns.stream()
                .map(p -> new MethodPattern(p.text(), p.name(), p.parameterTypes(), Position.UNKNOWN))
                .toList();
    }
}
