package dev.resilience.agent.matching;

import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.MethodPattern;
import dev.resilience.agent.policy.Rule;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule's {@code match} compiled: which types it selects and which of their declared methods.
 * Immutable and thread-safe.
 */
public final class RuleSelector {
    /** Left out of the default method set; also what {@link TextOverlaps} knows a default rule never takes. */
    static final List<String> OBJECT_METHODS = List.of("equals", "hashCode", "toString");

    private final Rule rule;
    private final int index;
    private final Match.Kind kind;
    private final Glob classGlob;
    private final String typeName;
    private final List<MethodFilter> include;
    private final List<MethodFilter> exclude;

    public RuleSelector(Rule rule, int index) {
        this.rule = rule;
        this.index = index;
        Match match = rule.match();
        this.kind = match.kind();
        this.classGlob = kind == Match.Kind.CLASS ? Glob.forClass(match.type()) : null;
        this.typeName = match.type();
        this.include = filters(match.methods());
        this.exclude = filters(match.exclude());
    }

    // Loops rather than streams here and below: selectors are built in premain and asked while
    // classes load, where stream pipelines and lambda classes spun at run time cost start-up (issue 8).
    private static List<MethodFilter> filters(List<MethodPattern> patterns) {
        List<MethodFilter> filters = new ArrayList<>(patterns.size());
        for (MethodPattern pattern : patterns) {
            filters.add(new MethodFilter(pattern));
        }
        return List.copyOf(filters);
    }

    private static boolean anyMatches(List<MethodFilter> filters, String name, List<String> parameterTypes) {
        for (MethodFilter filter : filters) {
            if (filter.matches(name, parameterTypes)) {
                return true;
            }
        }
        return false;
    }

    public Rule rule() {
        return rule;
    }

    public int index() {
        return index;
    }

    public Match.Kind kind() {
        return kind;
    }

    public String typeName() {
        return typeName;
    }

    /** For {@code class} rules: whether the name alone selects the class. */
    public boolean matchesClassName(String className) {
        return classGlob != null && classGlob.matches(className);
    }

    /** The compiled pattern of a {@code class} rule; null for other kinds. */
    Glob classGlob() {
        return classGlob;
    }

    /** True for a {@code class} rule whose pattern has a wildcard (it cannot be looked up by name). */
    public boolean isClassGlob() {
        return classGlob != null && !classGlob.isLiteral();
    }

    /**
     * Whether this rule wraps a declared method of a selected class. Constructors, static
     * initialisers, bridge, synthetic, abstract and native methods never qualify; without a
     * {@code methods} list only public, non-static methods other than equals/hashCode/toString do.
     *
     * @param modifiers the JVM access flags of the method
     */
    public boolean selectsMethod(String name, List<String> parameterTypes, int modifiers, boolean bridgeOrSynthetic) {
        return includesMethod(name, parameterTypes, modifiers, bridgeOrSynthetic) && !anyMatches(exclude, name, parameterTypes);
    }

    /** Whether the rule would wrap the method but for its {@code exclude} list (so {@code explain} can say which removed it). */
    public boolean includesMethod(String name, List<String> parameterTypes, int modifiers, boolean bridgeOrSynthetic) {
        if (name.startsWith("<") || bridgeOrSynthetic
                || Modifier.isAbstract(modifiers) || Modifier.isNative(modifiers)) {
            return false;
        }
        if (include.isEmpty()) {
            return Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !OBJECT_METHODS.contains(name);
        }
        return anyMatches(include, name, parameterTypes);
    }

    public List<MethodFilter> include() {
        return include;
    }
}
