package dev.resilience.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four advice classes, each built into an {@link Advice} once, when a method first needs it,
 * and shared by every method it is inlined into: the site id each method passes is supplied by
 * {@link SiteIdMapping}. Thread-safe.
 */
final class SharedAdvice {
    private static final List<Class<?>> ADVICE_CLASSES =
            List.of(InlineAdvice.class, InlineVoidAdvice.class, HandoffAdvice.class, HandoffVoidAdvice.class);
    /**
     * The advice class files are read from the agent jar once, and the advice types described
     * from them through one pool, whose descriptions read annotations from those bytes (a loaded
     * type's description re-parses them by reflection on every call).
     */
    private static final ClassFileLocator LOCATOR = new ClassFileLocator.Compound(
            new ClassFileLocator.Simple(classFiles(ADVICE_CLASSES)),
            ClassFileLocator.ForClassLoader.of(SharedAdvice.class.getClassLoader()));
    private static final TypePool POOL = TypePool.Default.of(LOCATOR);
    private static final Map<Class<?>, Advice> BUILT = new ConcurrentHashMap<>();

    private SharedAdvice() {
    }

    /** The advice for a method of this kind. */
    static Advice forSite(Site.Kind kind, boolean returnsVoid) {
        return switch (kind) {
            case INLINE -> of(returnsVoid ? InlineVoidAdvice.class : InlineAdvice.class);
            case HANDOFF, ASYNC -> of(returnsVoid ? HandoffVoidAdvice.class : HandoffAdvice.class);
        };
    }

    private static Advice of(Class<?> adviceClass) {
        Advice advice = BUILT.get(adviceClass);
        if (advice == null) {
            // two threads may both build it: the same advice either way, one of them is kept
            Advice built = Advice.withCustomMapping().bind(SiteIdMapping.INSTANCE).to(describe(adviceClass), LOCATOR);
            Advice earlier = BUILT.putIfAbsent(adviceClass, built);
            advice = earlier != null ? earlier : built;
        }
        return advice;
    }

    private static TypeDescription describe(Class<?> adviceClass) {
        TypePool.Resolution resolution = POOL.describe(adviceClass.getName());
        return resolution.isResolved() ? resolution.resolve() : TypeDescription.ForLoadedType.of(adviceClass);
    }

    private static Map<String, byte[]> classFiles(List<Class<?>> classes) {
        Map<String, byte[]> files = new HashMap<>();
        for (Class<?> type : classes) {
            try {
                files.put(type.getName(), ClassFileLocator.ForClassLoader.read(type));
            } catch (RuntimeException unreadable) {
                // left to the class loader locator behind it
            }
        }
        return files;
    }
}
