package dev.resilience.agent.matching;

import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.MethodPattern;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.Position;
import dev.resilience.agent.policy.RuleMatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    /**
     * Method names tested against a method glob at most, over the whole file. Literal names are
     * looked up, so only globs cost with the product of two lists' sizes: two rules of 50,000 names
     * and 50,000 exclude globs took validate a minute (audit). Past it the scan stops and says so.
     */
    static final long MAX_GLOB_TESTS = 10_000_000;
    /** Methods a message names at most; the rest are counted ("and 49,990 more"). */
    static final int MAX_NAMED = 10;

    /** One problem per pair of rules that certainly share a method, at the later rule's {@code match}. */
    public static List<PolicyError> find(String file, List<RuleMatch> rules) {
        List<PolicyError> found = new ArrayList<>();
        Glob[] globs = new Glob[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            Match match = rules.get(i).match();
            globs[i] = match.kind() == Match.Kind.CLASS ? Glob.forClass(match.type()) : null;
        }
        Compared[] compiled = new Compared[rules.size()];
        Budget budget = new Budget();
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
                String stop = ++compared > MAX_COMPARED_PAIRS ? "more than " + MAX_COMPARED_PAIRS + " pairs of rules"
                        + " select the same classes; validate stops comparing their methods here"
                        : overlaps == MAX_REPORTED ? MAX_REPORTED + " overlaps between rules are listed above; validate"
                        + " stops looking here" : null;
                String shared = null;
                if (stop == null) {
                    try {
                        shared = overlap(compiled(compiled, rules, earlier), compiled(compiled, rules, later), classes,
                                budget);
                    } catch (Budget.Spent spent) {
                        stop = "its method lists hold more than validate compares (" + MAX_GLOB_TESTS + " tests of a"
                                + " name against a method glob); validate stops comparing them here";
                    }
                }
                if (stop != null) {
                    found.add(new PolicyError(file, at.line(), at.column(), second.path() + ".match: " + stop
                            + " (explain --classpath finds every method two rules match)"));
                    return found;
                }
                if (shared != null) {
                    overlaps++;
                    found.add(new PolicyError(file, at.line(), at.column(), second.path() + ".match: " + shared));
                }
            }
        }
        return found;
    }

    /** A rule's method lists, compiled the first time the rule is compared: most rules never are. */
    private static Compared compiled(Compared[] compiled, List<RuleMatch> rules, int index) {
        if (compiled[index] == null) {
            RuleMatch rule = rules.get(index);
            compiled[index] = new Compared(rule, new Patterns(rule.match().methods()), new Patterns(rule.match().exclude()));
        }
        return compiled[index];
    }

    /** What the two rules, which select the same {@code classes}, share and what to do about it, or null. */
    private static String overlap(Compared firstRule, Compared secondRule, String classes, Budget budget) {
        RuleMatch first = firstRule.rule();
        RuleMatch second = secondRule.rule();
        Match a = first.match();
        Match b = second.match();
        if (a.methods().isEmpty() && b.methods().isEmpty()) {
            return defaultsOverlap(a, b) ? "rules " + first.name() + " and " + second.name() + " both take the default"
                    + " methods of " + classes + " (every public, non-static declared method except equals, hashCode and"
                    + " toString)" + ONE_RULE + "Give them methods lists that do not overlap, or merge them into one rule"
                    : null;
        }
        if (a.methods().isEmpty() || b.methods().isEmpty()) {
            Compared namedRule = a.methods().isEmpty() ? secondRule : firstRule;
            Compared defaultRule = a.methods().isEmpty() ? firstRule : secondRule;
            RuleMatch named = namedRule.rule();
            RuleMatch byDefault = defaultRule.rule();
            List<String> shared = takenByDefault(namedRule, defaultRule, budget);
            return shared.isEmpty() ? null : "rule " + named.name() + " names " + methods(shared) + " of " + classes
                    + ", which rule " + byDefault.name() + ", having no methods list, takes too if "
                    + (shared.size() == 1 ? "it is" : "they are") + " public and non-static" + ONE_RULE + "Add exclude: "
                    + list(shared) + " to rule " + byDefault.name() + ", or narrow one rule's match";
        }
        Set<String> shared = new LinkedHashSet<>();
        namedInBoth(secondRule, firstRule, shared, budget);
        namedInBoth(firstRule, secondRule, shared, budget);
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
    private static void namedInBoth(Compared literals, Compared other, Set<String> shared, Budget budget) {
        for (MethodPattern named : literals.methods().literals()) {
            for (MethodPattern pattern : other.methods().matching(named.name(), budget)) {
                if (compatible(named.parameterTypes(), pattern.parameterTypes())) {
                    List<String> parameters = named.parameterTypes() != null ? named.parameterTypes() : pattern.parameterTypes();
                    if (!excluded(literals, named.name(), parameters, budget) && !excluded(other, named.name(), parameters, budget)) {
                        shared.add(text(named.name(), parameters));
                    }
                }
            }
        }
    }

    /** The methods {@code named} names outright that a rule without a methods list takes too when public and non-static. */
    private static List<String> takenByDefault(Compared named, Compared byDefault, Budget budget) {
        Set<String> shared = new LinkedHashSet<>();
        for (MethodPattern pattern : named.methods().literals()) {
            if (!RuleSelector.OBJECT_METHODS.contains(pattern.name())
                    && !excluded(byDefault, pattern.name(), pattern.parameterTypes(), budget)
                    && !excluded(named, pattern.name(), pattern.parameterTypes(), budget)) {
                shared.add(text(pattern.name(), pattern.parameterTypes()));
            }
        }
        return List.copyOf(shared);
    }

    /** True when an {@code exclude} entry could remove the method: its name matches and its parameters may. */
    private static boolean excluded(Compared rule, String name, List<String> parameters, Budget budget) {
        for (MethodPattern pattern : rule.excludes().matching(name, budget)) {
            if (compatible(pattern.parameterTypes(), parameters)) {
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

    /**
     * {@code method get}, {@code methods get and put}, {@code methods get, put and post}; past
     * {@link #MAX_NAMED}, {@code methods a0, ..., a9 and 49990 more}.
     */
    private static String methods(List<String> names) {
        if (names.size() == 1) {
            return "method " + names.get(0);
        }
        if (names.size() > MAX_NAMED) {
            return "methods " + String.join(", ", names.subList(0, MAX_NAMED)) + " and " + (names.size() - MAX_NAMED) + " more";
        }
        return "methods " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /**
     * The methods as a YAML list to paste, quoted where the policy reference asks for quotes; past
     * {@link #MAX_NAMED}, the first ones and a count of the rest, for a message that fits a line.
     */
    private static String list(List<String> names) {
        List<String> entries = new ArrayList<>();
        for (String name : names.subList(0, Math.min(names.size(), MAX_NAMED))) {
            entries.add(name.indexOf('(') >= 0 ? "\"" + name + "\"" : name);
        }
        return "[" + String.join(", ", entries) + (names.size() > MAX_NAMED ? ", ... " + (names.size() - MAX_NAMED)
                + " more" : "") + "]";
    }

    /** A rule being compared, with its {@code methods} and {@code exclude} lists compiled. */
    private record Compared(RuleMatch rule, Patterns methods, Patterns excludes) { }

    /** A list of method patterns, the literal names looked up by name and the globs compiled once. */
    private static final class Patterns {
        private final List<MethodPattern> literals = new ArrayList<>();
        private final Map<String, List<MethodPattern>> byName = new HashMap<>();
        private final List<MethodPattern> globbed = new ArrayList<>();
        private final List<Glob> globs = new ArrayList<>();

        Patterns(List<MethodPattern> patterns) {
            for (MethodPattern pattern : patterns) {
                Glob glob = Glob.forMethod(pattern.name());
                if (glob.isLiteral()) {
                    literals.add(pattern);
                    byName.computeIfAbsent(pattern.name(), name -> new ArrayList<>(1)).add(pattern);
                } else {
                    globbed.add(pattern);
                    globs.add(glob);
                }
            }
        }

        /** The patterns naming a method outright, in file order. */
        List<MethodPattern> literals() {
            return literals;
        }

        /** The patterns whose name matches {@code name}: the literal ones of that name, then the globs. */
        List<MethodPattern> matching(String name, Budget budget) {
            List<MethodPattern> named = byName.getOrDefault(name, List.of());
            if (globs.isEmpty()) {
                return named;
            }
            budget.spend(globs.size());
            List<MethodPattern> found = new ArrayList<>(named);
            for (int i = 0; i < globs.size(); i++) {
                if (globs.get(i).matches(name)) {
                    found.add(globbed.get(i));
                }
            }
            return found;
        }
    }

    /** What a file's comparison may cost, in tests of a name against a glob ({@link #MAX_GLOB_TESTS}). */
    private static final class Budget {
        private long left = MAX_GLOB_TESTS;

        void spend(long tests) {
            left -= tests;
            if (left < 0) {
                throw new Spent();
            }
        }

        /** The budget ran out: the comparison stops where it is. */
        static final class Spent extends RuntimeException {
            Spent() {
                super(null, null, false, false);
            }
        }
    }
}
