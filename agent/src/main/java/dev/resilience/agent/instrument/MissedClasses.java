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
 * in neither {@link InstrumentedClasses} nor, under the policy in force, {@link SeenClasses} that a
 * rule may select, so a class the agent decided about is not looked at again. Callers serialise
 * sweeps with policy switches.
 */
public final class MissedClasses {
    private MissedClasses() {
    }

    /** Retransforms the missed classes; returns the names of those the transformer instrumented now. */
    public static List<String> sweep(Instrumentation instrumentation, ResilienceTransformer transformer) {
        InstalledPolicy policy = transformer.installed();
        PolicyMatcher matcher = policy.matcher();
        SeenClasses seen = transformer.seen();
        List<Class<?>> missed = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            try {
                // Hidden classes (lambdas) never go through transformers and cannot be retransformed.
                if (type.isArray() || type.isPrimitive() || type.isHidden() || PolicyMatcher.isIgnored(type.getName())
                        || transformer.classes().get(type.getClassLoader(), type.getName()) != null
                        || seen.decidedUnder(type.getClassLoader(), type.getName(), policy.generation())) {
                    continue;
                }
                // Only classes nothing decided about get here, so this reflection (annotations: the
                // JVM parses them, and initialises the enums their values name) runs once a class, and
                // in a JVM the agent started with, only for the few the transformer missed.
                if (Retransformer.mayBeSelected(type, matcher) && instrumentation.isModifiableClass(type)) {
                    missed.add(type);
                } else {
                    seen.add(type.getClassLoader(), type.getName(), policy.generation());
                }
            } catch (Throwable unreadable) {
                // a class we cannot inspect is not ours to change, and is not inspected again
                seen.add(type.getClassLoader(), type.getName(), policy.generation());
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
                seen.add(type.getClassLoader(), type.getName(), policy.generation());
            }
        }
        return instrumented;
    }
}
