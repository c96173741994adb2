package dev.resilience.agent.policy;

import java.util.List;

/**
 * What a rule applies to: exactly one type selector plus optional method include / exclude lists.
 * An empty {@code methods} list means the default method set (every public, non-static,
 * non-abstract method the class declares except equals, hashCode and toString).
 */
public record Match(Kind kind, String type, List<MethodPattern> methods, List<MethodPattern> exclude, Position position) {
    public Match {
        methods = List.copyOf(methods);
        exclude = List.copyOf(exclude);
    }

    /** Which of {@code class}, {@code subtypeOf}, {@code annotatedWith} selected the types. */
    public enum Kind { CLASS, SUBTYPE_OF, ANNOTATED_WITH }
}
