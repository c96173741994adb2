package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.matching.RuleSelector;

import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Retransforms classes that were loaded before the agent's transformer (or a new policy) took
 * effect. Candidates are picked from the loaded {@link Class} objects without touching their
 * bytes; the transformer then decides exactly. Batches of 100, because each retransformation
 * pauses the application.
 */
public final class Retransformer {
    private static final int BATCH = 100;

    private Retransformer() {
    }

    /**
     * The classes the transformer changed during this thread's {@link #retransform} call, or null
     * outside one: the JVM runs a retransformation's transformers on the thread that asked for it, so
     * another agent's retransformation, or a class loading elsewhere, is never counted as ours.
     */
    private static final ThreadLocal<Set<Class<?>>> CHANGED = new ThreadLocal<>();

    /** Hands every loaded class the policy may select to retransformation; returns how many it changed. */
    public static int retransformLoaded(Instrumentation instrumentation, PolicyMatcher matcher) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            try {
                if (!type.isArray() && !type.isPrimitive() && !PolicyMatcher.isIgnored(type.getName())
                        && instrumentation.isModifiableClass(type) && mayBeSelected(type, matcher)) {
                    candidates.add(type);
                }
            } catch (Throwable unreadable) {
                // a class we cannot inspect is not ours to change
            }
        }
        return retransform(instrumentation, candidates);
    }

    /**
     * Retransforms the given classes, 100 at a time; a batch that fails is retried class by class.
     *
     * @return how many classes the transformer changed (instrumented, re-instrumented or restored),
     *         counting only retransformations the JVM applied: a failed batch is undone as a whole
     */
    public static int retransform(Instrumentation instrumentation, List<Class<?>> classes) {
        Set<Class<?>> changed = new HashSet<>();
        int count = 0;
        CHANGED.set(changed);
        try {
            for (int start = 0; start < classes.size(); start += BATCH) {
                List<Class<?>> batch = classes.subList(start, Math.min(classes.size(), start + BATCH));
                changed.clear();
                try {
                    instrumentation.retransformClasses(batch.toArray(Class<?>[]::new));
                    count += changed.size();
                } catch (Throwable batchFailed) {
                    for (Class<?> type : batch) {
                        changed.clear();
                        try {
                            instrumentation.retransformClasses(type);
                            count += changed.size();
                        } catch (Throwable error) {
                            AgentErrors.report("retransforming " + type.getName(), error);
                        }
                    }
                }
            }
        } finally {
            CHANGED.remove();
        }
        return count;
    }

    /** The transformer changed {@code type} while retransforming it: counted when this thread asked for that. */
    static void changed(Class<?> type) {
        Set<Class<?>> changed = CHANGED.get();
        if (changed != null) {
            changed.add(type);
        }
    }

    /** True when some rule of the matcher could select this loaded class (the transformer then decides exactly). */
    static boolean mayBeSelected(Class<?> type, PolicyMatcher matcher) {
        for (RuleSelector selector : matcher.selectors()) {
            boolean selected = switch (selector.kind()) {
                case CLASS -> selector.matchesClassName(type.getName());
                case SUBTYPE_OF -> isSubtypeByName(type, selector.typeName());
                case ANNOTATED_WITH -> hasAnnotation(type, selector.typeName());
            };
            if (selected) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSubtypeByName(Class<?> type, String target) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(target)) {
            return true;
        }
        for (Class<?> parent : type.getInterfaces()) {
            if (isSubtypeByName(parent, target)) {
                return true;
            }
        }
        return isSubtypeByName(type.getSuperclass(), target);
    }

    private static boolean hasAnnotation(Class<?> type, String target) {
        for (Annotation annotation : type.getDeclaredAnnotations()) {
            if (annotation.annotationType().getName().equals(target)) {
                return true;
            }
        }
        // Class-retention annotations are invisible to reflection; classes carrying only such an
        // annotation are matched when loaded after the agent, not when retransformed (README).
        return false;
    }
}
