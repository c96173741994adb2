package dev.resilience.agent.matching;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy's type selectors arranged for lookup: rules that name one type ({@code class} without
 * a wildcard, {@code subtypeOf}, {@code annotatedWith}) by that name, and class-name globs by the
 * text their last segment starts with ({@link ClassGlobs}). Matching a class then costs one map
 * lookup per fact about it (its name, each supertype, each annotation) and a short walk for the
 * globs, however many rules there are.
 *
 * <p>Rules are identified by their position in the file; callers collect positions in a
 * {@link BitSet} and read it back in order, so "first rule in file order wins" holds whichever way
 * a rule was found. Immutable and thread-safe.
 */
final class RuleIndex {
    private static final int[] NONE = {};

    private final Map<String, int[]> byClassName;
    private final ClassGlobs classGlobs;
    private final Map<String, int[]> bySupertype;
    private final Map<String, int[]> byAnnotation;
    private final boolean namesJdkSupertype;
    private final AnnotationDescriptors annotationDescriptors;

    RuleIndex(List<RuleSelector> selectors) {
        Map<String, List<Integer>> names = new HashMap<>();
        Map<String, List<Integer>> supertypes = new HashMap<>();
        Map<String, List<Integer>> annotations = new HashMap<>();
        List<RuleSelector> globs = new ArrayList<>();
        for (RuleSelector selector : selectors) {
            Map<String, List<Integer>> target = switch (selector.kind()) {
                case CLASS -> selector.isClassGlob() ? null : names;
                case SUBTYPE_OF -> supertypes;
                case ANNOTATED_WITH -> annotations;
            };
            if (target == null) {
                globs.add(selector);
            } else {
                // loops, not lambdas or streams: this runs in premain, where each one costs start-up time
                List<Integer> indexes = target.get(selector.typeName());
                if (indexes == null) {
                    indexes = new ArrayList<>();
                    target.put(selector.typeName(), indexes);
                }
                indexes.add(selector.index());
            }
        }
        this.byClassName = frozen(names);
        List<Glob> patterns = new ArrayList<>(globs.size());
        int[] rules = new int[globs.size()];
        for (int i = 0; i < rules.length; i++) {
            patterns.add(globs.get(i).classGlob());
            rules[i] = globs.get(i).index();
        }
        this.classGlobs = new ClassGlobs(patterns, rules);
        this.bySupertype = frozen(supertypes);
        this.byAnnotation = frozen(annotations);
        boolean jdk = false;
        for (String supertype : supertypes.keySet()) {
            jdk |= isJdkName(supertype);
        }
        this.namesJdkSupertype = jdk;
        this.annotationDescriptors = AnnotationDescriptors.of(annotations.keySet());
    }

    /** The JDK's own packages, where the supertypes of a {@code java.*} type all lie. */
    static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    /** A name in the JDK's own packages ({@link #JDK_PREFIXES}). */
    static boolean isJdkName(String typeName) {
        for (String prefix : JDK_PREFIXES) {
            if (typeName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, int[]> frozen(Map<String, List<Integer>> lists) {
        Map<String, int[]> map = new HashMap<>();
        for (Map.Entry<String, List<Integer>> entry : lists.entrySet()) {
            List<Integer> indexes = entry.getValue();
            int[] array = new int[indexes.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = indexes.get(i);
            }
            map.put(entry.getKey(), array);
        }
        return Map.copyOf(map);
    }

    /** Adds the {@code class} rules whose name or glob matches {@code className}. */
    void addByClassName(String className, BitSet rules) {
        add(byClassName, className, rules);
        classGlobs.addMatches(className, rules);
    }

    /** Adds the {@code subtypeOf} rules naming {@code typeName}. */
    void addBySupertype(String typeName, BitSet rules) {
        add(bySupertype, typeName, rules);
    }

    /** Adds the {@code annotatedWith} rules naming {@code annotationName}. */
    void addByAnnotation(String annotationName, BitSet rules) {
        add(byAnnotation, annotationName, rules);
    }

    /** The {@code subtypeOf} rules naming {@code typeName}, by position; empty for most names. Not to be modified. */
    int[] subtypeRules(String typeName) {
        return bySupertype.getOrDefault(typeName, NONE);
    }

    boolean hasSubtypeRules() {
        return !bySupertype.isEmpty();
    }

    /** True when some {@code subtypeOf} rule names a type of the JDK's own packages ({@link #isJdkName}). */
    boolean namesJdkSupertype() {
        return namesJdkSupertype;
    }

    /** What a class's constant pool must hold for an {@code annotatedWith} rule to select it. */
    AnnotationDescriptors annotationDescriptors() {
        return annotationDescriptors;
    }

    boolean hasAnnotationRules() {
        return !byAnnotation.isEmpty();
    }

    private static void add(Map<String, int[]> map, String name, BitSet rules) {
        for (int index : map.getOrDefault(name, NONE)) {
            rules.set(index);
        }
    }
}
