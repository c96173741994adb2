package dev.resilience.agent.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rule wraps each declared method of a class the type selectors picked: the one place this
 * is decided, for the agent ({@code ClassInstrumenter}) and for {@code explain} alike. The first
 * rule in file order wins a method several rules select; the others are reported so the caller
 * can warn (agent) or fail (explain). Stateless and thread-safe.
 */
public final class MethodSelection {
    private MethodSelection() {
    }

    /**
     * One matched method.
     *
     * @param rule   the rule that wraps it (first in file order)
     * @param others further rules that select it too: a policy error the agent resolves by file order
     */
    public record Selected(DeclaredMethod method, RuleSelector rule, List<RuleSelector> others) { }

    /**
     * @param selectors the rules whose type selector picked the class, in file order
     * @param methods   the methods the class declares, in class-file order
     * @return the matched methods in class-file order
     */
    public static List<Selected> select(List<RuleSelector> selectors, List<DeclaredMethod> methods) {
        List<Selected> selected = new ArrayList<>();
        for (DeclaredMethod method : methods) {
            RuleSelector winner = null;
            List<RuleSelector> others = List.of();
            for (RuleSelector selector : selectors) {
                if (!selector.selectsMethod(method.name(), method.parameterTypes(), method.modifiers(),
                        method.bridgeOrSynthetic())) {
                    continue;
                }
                if (winner == null) {
                    winner = selector;
                } else {
                    if (others.isEmpty()) {
                        others = new ArrayList<>(1);
                    }
                    others.add(selector);
                }
            }
            if (winner != null) {
                selected.add(new Selected(method, winner, List.copyOf(others)));
            }
        }
        return selected;
    }

    /**
     * The entries of a rule's {@code methods} list that name one method outright (no wildcard)
     * and match none of the declared methods: typically a method the class only inherits, which
     * the contract does not wrap ({@code explain} says so).
     */
    public static List<MethodFilter> explicitWithoutMatch(RuleSelector selector, List<DeclaredMethod> methods) {
        List<MethodFilter> missing = new ArrayList<>();
        for (MethodFilter filter : selector.include()) {
            if (filter.isExplicit() && methods.stream().noneMatch(m -> !m.isInitializer()
                    && filter.matches(m.name(), m.parameterTypes()))) {
                missing.add(filter);
            }
        }
        return missing;
    }
}
