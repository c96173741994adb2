package dev.resilience.agent.matching;

import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.MethodPattern;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.Position;
import dev.resilience.agent.policy.RuleMatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The methods two rules certainly both match, judged from the policy text alone: {@code validate} has
 * no class path ({@code explain} finds every overlap on a real one). Only for {@code validate}: the
 * agent accepts such a policy, applies the first rule and warns.
 *
 * <p>Two rules select the same classes by their text when both {@code class} selectors are the same
 * text, or one is a class name the other's glob matches, or both are {@code subtypeOf} (or both
 * {@code annotatedWith}) the same name. They then share a method when one names it outright (no
 * wildcard) and the other's {@code methods} list matches it too, or the other has no {@code methods}
 * list and the name is not equals, hashCode or toString; or when neither has a {@code methods} list,
 * unless their {@code exclude} lists could split the class between them. A method either rule's
 * {@code exclude} could remove is not shared. What depends on the classes' methods (two different
 * globs) is left to {@code explain}. Stateless and thread-safe.
 */
public final class TextOverlaps {
    private static final String ONE_RULE = "; a method may belong to one rule only (at run time the first rule in the"
            + " file that matches it applies, and the agent logs a warning). ";

    private TextOverlaps() { }

    /**
     * Pairs of rules selecting the same classes whose methods are compared at most: a hostile policy of
     * thousands of rules naming one class would otherwise cost time and memory with the square of its
     * size. Past it the scan stops, and says so, as a problem (no real policy comes near).
     */
    static final long MAX_COMPARED_PAIRS = 1_000_000;
    /** Overlaps reported at most; the first ones say what to change, the rest would repeat it. */
    static final int MAX_REPORTED = 100;

    /** One problem per pair of rules that certainly share a method, at the later rule's {@code match}. */
    public static List<PolicyError> find(String file, List<RuleMatch> rules) {
        List<PolicyError> found = new ArrayList<>();
        Glob[] globs = new Glob[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            Match match = rules.get(i).match();
            globs[i] = match.kind() == Match.Kind.CLASS ? Glob.forClass(match.type()) : null;
        }
        long compared = 0;
        int overlaps = 0;
        for (int later = 1; later < rules.size(); later++) {
            RuleMatch second = rules.get(later);
            Position at = second.match().position();
            for (int earlier = 0; earlier < later; earlier++) {
                String classes = sameClasses(rules.get(earlier).match(), second.match(), globs[earlier], globs[later]);
                if (classes == null) {
                    continue;
                }
                if (++compared > MAX_COMPARED_PAIRS || overlaps == MAX_REPORTED) {
                    found.add(new PolicyError(file, at.line(), at.column(), second.path() + ".match: "
                            + (overlaps == MAX_REPORTED ? MAX_REPORTED + " overlaps between rules are listed above; validate"
                            + " stops looking here" : "more than " + MAX_COMPARED_PAIRS + " pairs of rules select the same"
                            + " classes; validate stops comparing their methods here")
                            + " (explain --classpath finds every method two rules match)"));
                    return found;
                }
                String shared = overlap(rules.get(earlier), second, classes);
                if (shared != null) {
                    overlaps++;
                    found.add(new PolicyError(file, at.line(), at.column(), second.path() + ".match: " + shared));
                }
            }
        }
        return found;
    }

    /** What the two rules, which select the same {@code classes}, share and what to do about it, or null. */
    private static String overlap(RuleMatch first, RuleMatch second, String classes) {
        Match a = first.match();
        Match b = second.match();
        if (a.methods().isEmpty() && b.methods().isEmpty()) {
            return defaultsOverlap(a, b) ? "rules " + first.name() + " and " + second.name() + " both take the default"
                    + " methods of " + classes + " (every public, non-static declared method except equals, hashCode and"
                    + " toString)" + ONE_RULE + "Give them methods lists that do not overlap, or merge them into one rule"
                    : null;
        }
        if (a.methods().isEmpty() || b.methods().isEmpty()) {
            RuleMatch named = a.methods().isEmpty() ? second : first;
            RuleMatch byDefault = a.methods().isEmpty() ? first : second;
            List<String> shared = takenByDefault(named.match(), byDefault.match());
            return shared.isEmpty() ? null : "rule " + named.name() + " names " + methods(shared) + " of " + classes
                    + ", which rule " + byDefault.name() + ", having no methods list, takes too if "
                    + (shared.size() == 1 ? "it is" : "they are") + " public and non-static" + ONE_RULE + "Add exclude: "
                    + list(shared) + " to rule " + byDefault.name() + ", or narrow one rule's match";
        }
        Set<String> shared = new LinkedHashSet<>();
        namedInBoth(b, a, shared);
        namedInBoth(a, b, shared);
        return shared.isEmpty() ? null : "rules " + first.name() + " and " + second.name() + " both name "
                + methods(List.copyOf(shared)) + " of " + classes + ONE_RULE + "Add exclude: " + list(List.copyOf(shared))
                + " to one of them, or narrow its match";
    }

    /** The classes both rules select by their text, as a message names them, or null. */
    private static String sameClasses(Match a, Match b, Glob globA, Glob globB) {
        if (a.kind() != b.kind()) {
            return null;
        }
        if (a.kind() == Match.Kind.SUBTYPE_OF) {
            return a.type().equals(b.type()) ? "the subtypes of " + a.type() : null;
        }
        if (a.kind() == Match.Kind.ANNOTATED_WITH) {
            return a.type().equals(b.type()) ? "the classes annotated with " + a.type() : null;
        }
        if (a.type().equals(b.type())) {
            return globA.isLiteral() ? "class " + a.type() : "the classes matching " + a.type();
        }
        if (globA.isLiteral() && globB.matches(a.type())) {
            return "class " + a.type();
        }
        if (globB.isLiteral() && globA.matches(b.type())) {
            return "class " + b.type();
        }
        return null;
    }

    /**
     * Both take the default methods: shared unless their {@code exclude} lists could split the class
     * between them (neither list holds the other), or one excludes everything.
     */
    private static boolean defaultsOverlap(Match a, Match b) {
        Set<String> excludedByA = texts(a.exclude());
        Set<String> excludedByB = texts(b.exclude());
        return !excludesEverything(a) && !excludesEverything(b)
                && (excludedByA.containsAll(excludedByB) || excludedByB.containsAll(excludedByA));
    }

    private static boolean excludesEverything(Match match) {
        for (MethodPattern pattern : match.exclude()) {
            if (pattern.parameterTypes() == null && pattern.name().replace("*", "").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Adds the methods {@code literals} names outright that {@code other}'s list matches too and neither excludes. */
    private static void namedInBoth(Match literals, Match other, Set<String> shared) {
        for (MethodPattern named : literals.methods()) {
            if (!Glob.forMethod(named.name()).isLiteral()) {
                continue;
            }
            for (MethodPattern pattern : other.methods()) {
                if (Glob.forMethod(pattern.name()).matches(named.name())
                        && compatible(named.parameterTypes(), pattern.parameterTypes())) {
                    List<String> parameters = named.parameterTypes() != null ? named.parameterTypes() : pattern.parameterTypes();
                    if (!excluded(literals, named.name(), parameters) && !excluded(other, named.name(), parameters)) {
                        shared.add(text(named.name(), parameters));
                    }
                }
            }
        }
    }

    /** The methods {@code named} names outright that a rule without a methods list takes too when public and non-static. */
    private static List<String> takenByDefault(Match named, Match byDefault) {
        Set<String> shared = new LinkedHashSet<>();
        for (MethodPattern pattern : named.methods()) {
            if (Glob.forMethod(pattern.name()).isLiteral() && !RuleSelector.OBJECT_METHODS.contains(pattern.name())
                    && !excluded(byDefault, pattern.name(), pattern.parameterTypes())
                    && !excluded(named, pattern.name(), pattern.parameterTypes())) {
                shared.add(text(pattern.name(), pattern.parameterTypes()));
            }
        }
        return List.copyOf(shared);
    }

    /** True when an {@code exclude} entry could remove the method: its name matches and its parameters may. */
    private static boolean excluded(Match match, String name, List<String> parameters) {
        for (MethodPattern pattern : match.exclude()) {
            if (Glob.forMethod(pattern.name()).matches(name) && compatible(pattern.parameterTypes(), parameters)) {
                return true;
            }
        }
        return false;
    }

    /** Parameter lists that may describe the same method: either is open (null), or both pin the same types. */
    private static boolean compatible(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).replace('$', '.').equals(b.get(i).replace('$', '.'))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> texts(List<MethodPattern> patterns) {
        Set<String> texts = new LinkedHashSet<>();
        for (MethodPattern pattern : patterns) {
            texts.add(text(pattern.name(), pattern.parameterTypes()));
        }
        return texts;
    }

    /** {@code get}, or {@code get(java.lang.String,int)} with pinned parameters. */
    private static String text(String name, List<String> parameters) {
        return parameters == null ? name : name + "(" + String.join(",", parameters) + ")";
    }

    /** {@code method get}, {@code methods get and put}, {@code methods get, put and post}. */
    private static String methods(List<String> names) {
        if (names.size() == 1) {
            return "method " + names.get(0);
        }
        return "methods " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The methods as a YAML list to paste, quoted where the policy reference asks for quotes. */
    private static String list(List<String> names) {
        List<String> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(name.indexOf('(') >= 0 ? "\"" + name + "\"" : name);
        }
        return "[" + String.join(", ", entries) + "]";
    }
}
