package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
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
     * What the transformer did during this thread's {@link #retransform} call, or null outside one:
     * the JVM runs a retransformation's transformers on the thread that asked for it, so another
     * agent's retransformation, or a class loading elsewhere, is never taken for ours.
     */
    private static final ThreadLocal<Pass> CURRENT = new ThreadLocal<>();

    /** One retransformation request's effects, applied or undone with it. */
    private static final class Pass {
        /** Class lines logged at info in this whole pass, and those past {@link #LISTED_CLASSES} kept to debug. */
        int listed;
        int unlisted;
        final Set<Class<?>> changed = new HashSet<>();
        final List<Runnable> onceApplied = new ArrayList<>();
        final List<Runnable> ifRefused = new ArrayList<>();

        void clear() {
            changed.clear();
            onceApplied.clear();
            ifRefused.clear();
        }

        /** The JVM installed the new code: runs what waited for that, and returns how many classes changed. */
        int applied() {
            run(onceApplied, "finishing a retransformation");
            return changed.size();
        }

        /** The JVM refused the request, and kept every class's code as it was: the bookkeeping goes back, latest first. */
        void refused() {
            java.util.Collections.reverse(ifRefused);
            run(ifRefused, "undoing a refused retransformation");
            clear();
        }

        private static void run(List<Runnable> actions, String what) {
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (Throwable error) {
                    AgentErrors.report(what, error);
                }
            }
        }
    }

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
        Pass pass = new Pass();
        Pass enclosing = CURRENT.get();
        int count = 0;
        CURRENT.set(pass);
        try {
            for (int start = 0; start < classes.size(); start += BATCH) {
                List<Class<?>> batch = classes.subList(start, Math.min(classes.size(), start + BATCH));
                pass.clear();
                if (request(instrumentation, batch.toArray(Class<?>[]::new))) {
                    count += pass.applied();
                    continue;
                }
                pass.refused();
                for (Class<?> type : batch) {
                    pass.clear();
                    if (request(instrumentation, type)) {
                        count += pass.applied();
                    } else {
                        pass.refused();
                    }
                }
            }
        } finally {
            if (pass.unlisted > 0) {
                AgentLog.logger().info("... and " + pass.unlisted + (pass.unlisted == 1 ? " more class" : " more classes")
                        + " changed likewise (log=debug lists each)");
            }
            if (enclosing == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(enclosing);
            }
        }
        return count;
    }

    /** True when the JVM applied the retransformation; a refused single class is reported. */
    private static boolean request(Instrumentation instrumentation, Class<?>... types) {
        try {
            instrumentation.retransformClasses(types);
            return true;
        } catch (Throwable refused) {
            if (types.length == 1) {
                AgentErrors.report("retransforming " + types[0].getName(), refused);
            }
            return false;
        }
    }

    /** The most classes a reload or an attach names one by one at info (audit: 3,000 lines for one glob). */
    static final int LISTED_CLASSES = 20;

    /**
     * Logs one class a reload or an attach changed: at info for the first {@link #LISTED_CLASSES}
     * of this thread's {@link #retransform}, at debug after them, counted for one closing line.
     */
    static void logChange(String line) {
        AgentLogger log = AgentLog.logger();
        Pass pass = CURRENT.get();
        if (pass == null || pass.listed < LISTED_CLASSES) {
            if (pass != null) {
                pass.listed++;
            }
            log.info(line);
            return;
        }
        pass.unlisted++;
        if (log.isDebugEnabled()) {
            log.debug(line);
        }
    }

    /** The transformer changed {@code type} while retransforming it: counted when this thread asked for that. */
    static void changed(Class<?> type) {
        Pass pass = CURRENT.get();
        if (pass != null) {
            pass.changed.add(type);
        }
    }

    /**
     * Runs {@code action} once the JVM has installed the code the transformer just made, when this
     * thread's {@link #retransform} asked for it; returns false (nothing kept) otherwise. Unbinding
     * the sites a class loses waits for this: until then, new calls still enter the old code, and
     * with its sites unbound they would run unprotected and uncounted (audit: a reload that moved a
     * method to another rule left 6,000 calls of one 100 ms window without retries). Dropped with a
     * batch the JVM refused, whose old code then stays, with its sites bound.
     */
    static boolean onceApplied(Runnable action) {
        Pass pass = CURRENT.get();
        if (pass == null) {
            return false;
        }
        pass.onceApplied.add(action);
        return true;
    }

    /**
     * Runs {@code undo} if the JVM refuses the retransformation this thread's {@link #retransform}
     * asked for (a batch is refused as a whole, and then retried class by class): the class keeps its
     * old code, so what the transformer recorded about the new one must go back (review: a refused
     * batch left the bookkeeping naming code that never ran, and the old sites bound for good).
     * Does nothing outside such a call.
     */
    static void ifRefused(Runnable undo) {
        Pass pass = CURRENT.get();
        if (pass != null) {
            pass.ifRefused.add(undo);
        }
    }

    /** True when some rule of the matcher could select this loaded class (the transformer then decides exactly). */
    static boolean mayBeSelected(Class<?> type, PolicyMatcher matcher) {
        // Each supertype and annotation is read once per class, not once per rule: the sweep for
        // missed classes asks this of every loaded class (50 rules, 20,000 classes: 5x faster).
        Set<String> supertypes = null;
        Annotation[] annotations = null;
        for (RuleSelector selector : matcher.selectors()) {
            boolean selected = switch (selector.kind()) {
                case CLASS -> selector.matchesClassName(type.getName());
                case SUBTYPE_OF -> (supertypes == null ? supertypes = supertypeNames(type, new HashSet<>()) : supertypes)
                        .contains(selector.typeName());
                case ANNOTATED_WITH -> hasAnnotation(annotations == null ? annotations = declaredAnnotations(type) : annotations,
                        selector.typeName());
            };
            if (selected) {
                return true;
            }
        }
        return false;
    }

    /** The names of the type, its super classes and all their interfaces, added to {@code names}. */
    private static Set<String> supertypeNames(Class<?> type, Set<String> names) {
        if (type != null && names.add(type.getName())) {
            for (Class<?> parent : type.getInterfaces()) {
                supertypeNames(parent, names);
            }
            supertypeNames(type.getSuperclass(), names);
        }
        return names;
    }

    /** None when they cannot be read (an annotation type missing, or malformed): name rules still apply. */
    private static Annotation[] declaredAnnotations(Class<?> type) {
        try {
            return type.getDeclaredAnnotations();
        } catch (RuntimeException | LinkageError | java.lang.annotation.AnnotationFormatError unreadable) {
            return new Annotation[0];
        }
    }

    private static boolean hasAnnotation(Annotation[] annotations, String target) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getName().equals(target)) {
                return true;
            }
        }
        // Class-retention annotations are invisible to reflection; classes carrying only such an
        // annotation are matched when loaded after the agent, not when retransformed (README).
        return false;
    }
}
