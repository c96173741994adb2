package dev.resilience.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

import java.util.Map;

/**
 * Supplies the {@link SiteId} advice parameter: the id of the method the advice is being inlined
 * into, as a constant. This is what lets one {@link Advice} per advice class serve every method:
 * with the id bound as a fixed value, each method needed its own {@code Advice.to}, which reads
 * and parses the advice class again (a third of the transformer's time with 1% of 20,000 classes
 * instrumented, see docs/benchmarks-history.md). Byte Buddy resolves the parameter while it rewrites a method,
 * so the ids come from the table the instrumenter {@linkplain #open opens} around the rewriting
 * of one class: that happens on the thread loading the class, and several threads may be
 * rewriting different classes at the same time. Thread-safe.
 */
final class SiteIdMapping implements Advice.OffsetMapping.Factory<SiteId>, Advice.OffsetMapping {
    static final SiteIdMapping INSTANCE = new SiteIdMapping();
    private static final ThreadLocal<Map<String, Integer>> CURRENT = new ThreadLocal<>();

    private SiteIdMapping() {
    }

    /**
     * Makes {@code ids} (by {@link #key}) the ids advice gets on this thread until the scope is
     * closed. Scopes nest: a class loaded while another is rewritten on the same thread (by Byte
     * Buddy itself, say) must not leave the outer class reading the inner one's table.
     */
    static Scope open(Map<String, Integer> ids) {
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(ids);
        return scope;
    }

    /** The key of a method in a table given to {@link #open}. */
    static String key(String methodName, String descriptor) {
        return methodName + descriptor;
    }

    /** Puts back the table that was in force before {@link #open}. */
    static final class Scope implements AutoCloseable {
        private final Map<String, Integer> outer;

        private Scope(Map<String, Integer> outer) {
            this.outer = outer;
        }

        @Override
        public void close() {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @Override
    public Class<SiteId> getAnnotationType() {
        return SiteId.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                     AnnotationDescription.Loadable<SiteId> annotation, AdviceType adviceType) {
        if (!target.getType().represents(int.class)) {
            throw new IllegalStateException("@SiteId must annotate an int parameter: " + target);
        }
        return this;
    }

    @Override
    public Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod, Assigner assigner,
                          Advice.ArgumentHandler argumentHandler, Sort sort) {
        Map<String, Integer> ids = CURRENT.get();
        Integer id = ids == null ? null : ids.get(key(instrumentedMethod.getInternalName(), instrumentedMethod.getDescriptor()));
        if (id == null) {
            // only reached through a bug of the instrumenter: the class is then left unchanged
            throw new IllegalStateException("no site id for " + instrumentedType.getName() + "#"
                    + instrumentedMethod.getInternalName() + instrumentedMethod.getDescriptor());
        }
        return new Target.ForStackManipulation(IntegerConstant.forValue(id));
    }
}
