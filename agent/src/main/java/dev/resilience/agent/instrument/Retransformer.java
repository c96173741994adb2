package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.matching.RuleSelector;

import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

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

    /** Hands every loaded class the policy may select to retransformation (the transformer counts what changed). */
    public static void retransformLoaded(Instrumentation instrumentation, PolicyMatcher matcher) {
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
        retransform(instrumentation, candidates);
    }

    /** Retransforms the given classes, 100 at a time; a batch that fails is retried class by class. */
    public static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
        for (int start = 0; start < classes.size(); start += BATCH) {
            List<Class<?>> batch = classes.subList(start, Math.min(classes.size(), start + BATCH));
            try {
                instrumentation.retransformClasses(batch.toArray(Class<?>[]::new));
            } catch (Throwable batchFailed) {
                for (Class<?> type : batch) {
                    try {
                        instrumentation.retransformClasses(type);
                    } catch (Throwable error) {
                        AgentErrors.report("retransforming " + type.getName(), error);
                    }
                }
            }
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
