package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import dev.resilience.agent.policy.Section.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports what is wrong with a rule's merged settings (two values that do not fit together, a
 * required one missing) where the operator can fix it: at the value the rule wrote, else at the
 * one it inherits from {@code defaults}. A value in {@code defaults} is reported once, naming every
 * rule it spoils, not once per rule. Not thread-safe: one per load.
 */
final class MergedProblems {
    private final Problems problems;
    /** Problems at a value written in {@code defaults}, with the rules they were found in, in file order. */
    private final Map<Inherited, List<String>> inherited = new LinkedHashMap<>();

    private record Inherited(Position position, String message, String fix) { }

    MergedProblems(Problems problems) {
        this.problems = problems;
    }

    /** Where the problems of one rule's merged settings go. */
    ForRule forRule(String path, String name) {
        return new ForRule(path, name == null ? path : name);
    }

    /** Adds the problems found at values of {@code defaults}, each naming the rules that inherit it. */
    void flush() {
        for (Map.Entry<Inherited, List<String>> e : inherited.entrySet()) {
            Inherited problem = e.getKey();
            problems.add(problem.position(), problem.message() + " for " + rules(e.getValue()) + problem.fix());
        }
        inherited.clear();
    }

    /** {@code rule a}, {@code rules a and b}, {@code rules a, b and c}. */
    private static String rules(List<String> names) {
        if (names.size() == 1) {
            return "rule " + names.get(0);
        }
        return "rules " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The problems of one rule; {@code label} names it in problems reported in {@code defaults}. */
    final class ForRule {
        private final String path;
        private final String label;

        private ForRule(String path, String label) {
            this.path = path;
            this.label = label;
        }

        /**
         * Which of two settings that do not fit together to report: one the rule wrote, else one from
         * {@code defaults} (built-in values always fit together); {@code first} when both qualify.
         * Null when neither qualifies, or when the value of either key ({@code retry.delay}, say) the rule
         * would have was already reported as wrong: the merged setting then holds a value the operator
         * did not choose, and a mismatch with it would be noise.
         */
        Setting blame(Setting first, Setting second, String firstKey, String secondKey) {
            if (unreadable(first, firstKey) || unreadable(second, secondKey)) {
                return null;
            }
            return blame(first, second);
        }

        /** The rule wrote {@code key} wrongly, or does not write it and {@code defaults} did. */
        private boolean unreadable(Setting merged, String key) {
            return problems.reportedAt(path + "." + key)
                    || (merged == null || merged.origin() != Origin.RULE) && problems.reportedAt("defaults." + key);
        }

        private Setting blame(Setting first, Setting second) {
            for (Origin origin : new Origin[] {Origin.RULE, Origin.DEFAULTS}) {
                if (first != null && first.origin() == origin) {
                    return first;
                }
                if (second != null && second.origin() == origin) {
                    return second;
                }
            }
            return null;
        }

        /**
         * Reports {@code key} (such as {@code retry.delay}) at a value written by {@code origin}.
         *
         * @param problem what is wrong, after the key path
         * @param fix     what to do, starting with {@code "; "}, or empty
         */
        void add(Origin origin, Position at, String key, String problem, String fix) {
            if (origin == Origin.DEFAULTS) {
                Inherited where = new Inherited(at, "defaults." + key + ": " + problem, fix);
                List<String> names = inherited.get(where);
                if (names == null) {
                    names = new ArrayList<>();
                    inherited.put(where, names);
                }
                names.add(label);
            } else {
                problems.add(at, path + "." + key + ": " + problem + fix);
            }
        }

        void add(Setting at, String key, String problem, String fix) {
            add(at.origin(), at.position(), key, problem, fix);
        }
    }
}
