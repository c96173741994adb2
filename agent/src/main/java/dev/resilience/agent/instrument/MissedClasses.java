package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.PolicyMatcher;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the loaded classes the policy selects that the transformer never finished with, and
 * retransforms them. A class first loaded on a stack too deep for the transformer (the JVM cannot
 * even call it, and prints {@code transform method call failed}), or on which the transformer
 * itself overflowed, loads untouched; nothing but a retransformation protects it afterwards
 * (audit: such a class stayed unprotected for the JVM's life). Candidates are the loaded classes
 * a rule may select that have neither an instrumented record nor an examined one, so a class the
 * transformer decided about is never retransformed again. Callers serialise sweeps with policy
 * switches.
 */
public final class MissedClasses {
    private MissedClasses() {
    }

    /** Retransforms the missed classes; returns the names of those the transformer instrumented now. */
    public static List<String> sweep(Instrumentation instrumentation, ResilienceTransformer transformer) {
        PolicyMatcher matcher = transformer.installed().matcher();
        List<Class<?>> missed = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            try {
                if (!type.isArray() && !type.isPrimitive() && !PolicyMatcher.isIgnored(type.getName())
                        && transformer.classes().get(type.getClassLoader(), type.getName()) == null
                        && !transformer.examined().contains(type.getClassLoader(), type.getName())
                        && Retransformer.mayBeSelected(type, matcher) && instrumentation.isModifiableClass(type)) {
                    missed.add(type);
                }
            } catch (Throwable unreadable) {
                // a class we cannot inspect is not ours to change
            }
        }
        if (missed.isEmpty()) {
            return List.of();
        }
        Retransformer.retransform(instrumentation, missed);
        List<String> instrumented = new ArrayList<>();
        for (Class<?> type : missed) {
            if (transformer.classes().get(type.getClassLoader(), type.getName()) != null) {
                instrumented.add(type.getName());
            } else {
                // decided now, or refused by the JVM (reported): either way not tried at every sweep
                transformer.examined().add(type.getClassLoader(), type.getName());
            }
        }
        return instrumented;
    }
}
