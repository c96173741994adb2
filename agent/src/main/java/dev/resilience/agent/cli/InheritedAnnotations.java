package dev.resilience.agent.cli;

import dev.resilience.agent.matching.ClassFile;
import net.bytebuddy.pool.TypePool;

import java.lang.annotation.Inherited;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subclasses an {@code annotatedWith} rule leaves out although Java would call them annotated:
 * the rule reads the annotations a class file carries, and a subclass of an annotated class carries
 * none when the annotation is {@code @Inherited} (the agent does not follow superclasses, which would
 * mean reading them for every class the JVM loads). An operator who expects Java's meaning is told
 * which classes that leaves unprotected. Not thread-safe; one per run.
 */
final class InheritedAnnotations {
    private static final int EXAMPLES = 3;

    private final TypePool pool;
    /** Each class of the class path with a super class of its own (not {@code java.lang.Object}). */
    private final Map<String, String> superClasses = new HashMap<>();

    InheritedAnnotations(TypePool pool) {
        this.pool = pool;
    }

    /** Whether the annotation type is {@code @Inherited}; false when it cannot be read. */
    boolean isInherited(String annotation) {
        try {
            TypePool.Resolution resolution = pool.describe(annotation);
            return resolution.isResolved()
                    && resolution.resolve().getDeclaredAnnotations().isAnnotationPresent(Inherited.class);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Remembers a class of the class path's super class, given its bytes. */
    void record(String className, byte[] bytes) {
        try {
            String superName = ClassFile.parse(bytes, className, false).superName();
            if (superName != null && !superName.equals("java.lang.Object")) {
                superClasses.put(className, superName);
            }
        } catch (RuntimeException unreadable) {
            // reported where its methods are read
        }
    }

    /**
     * The warning for a rule whose annotation is {@code @Inherited}, or null when no class of the
     * class path inherits it from a class the rule selected.
     */
    String message(String ruleName, String annotation, Set<String> selected) {
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, String> entry : superClasses.entrySet()) {
            if (!selected.contains(entry.getKey()) && hasSelectedSuperClass(entry.getKey(), selected)) {
                left.add(entry.getKey());
            }
        }
        if (left.isEmpty()) {
            return null;
        }
        left.sort(null);
        int n = left.size();
        return "rule " + ruleName + ": " + annotation + " is @Inherited, but annotatedWith selects only classes that carry"
                + " it themselves, so " + n + (n == 1 ? " subclass" : " subclasses") + " of the classes it selects "
                + (n == 1 ? "is" : "are") + " left unprotected: " + String.join(", ", left.subList(0, Math.min(n, EXAMPLES)))
                + (n > EXAMPLES ? " and " + (n - EXAMPLES) + " more" : "")
                + ". Annotate them too, or match the hierarchy with subtypeOf";
    }

    private boolean hasSelectedSuperClass(String className, Set<String> selected) {
        Set<String> seen = new HashSet<>(); // a broken class path can loop
        for (String up = superClasses.get(className); up != null && seen.add(up); up = superClasses.get(up)) {
            if (selected.contains(up)) {
                return true;
            }
        }
        return false;
    }
}
