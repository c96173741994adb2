package dev.resilience.agent.instrument;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second way a class is rewritten: Byte Buddy's {@code Advice} inlining the advice classes,
 * for what {@link SiteWeaver} gives up. A class of its own so that the usual path, the weaver,
 * loads none of the Byte Buddy types named here. Stateless and thread-safe.
 */
final class AdviceRewrite {
    /** Required by the API; the disabled implementation context never names an auxiliary type. */
    private static final AuxiliaryType.NamingStrategy NO_AUXILIARY_TYPES = new AuxiliaryType.NamingStrategy.Suffixing("resilience");

    private AdviceRewrite() {
    }

    /**
     * Byte Buddy's advice, which inlines the advice classes {@link SiteWeaver} weaves by hand: for
     * the classes the weaver gives up (old class files, unusual bytecode) and, should the weaver
     * have a bug, for the class it failed on.
     */
    static byte[] rewrite(TypeDescription type, byte[] bytes, TypePool pool, List<Site> sites) {
        AsmVisitorWrapper.ForDeclaredMethods advice = new AsmVisitorWrapper.ForDeclaredMethods();
        Map<String, Integer> ids = new HashMap<>();
        for (Site site : sites) {
            ids.put(SiteIdMapping.key(site.methodName(), site.descriptor()), site.id());
            advice = advice.invokable(ElementMatchers.named(site.methodName()).and(ElementMatchers.hasDescriptor(site.descriptor())),
                    SharedAdvice.forSite(site.kind(), site.returnsVoid()));
        }
        try (SiteIdMapping.Scope ignored = SiteIdMapping.open(ids)) {
            return rewrite(type, bytes, pool, advice);
        }
    }

    /**
     * Runs the class file through the advice's ASM visitors, as Byte Buddy's decoration does,
     * without its type-building machinery: nothing is added to the class and no method but the
     * advised ones changes, so the builder, type writer and method registry it would load and run
     * (a fifth of the Byte Buddy classes the first instrumented class loads) do nothing we need.
     * Frames: the advice translates the class's own and adds those of the code it inlines; they
     * are never computed, which would make ASM load classes (to find common super types) on the
     * thread that is defining this one.
     */
    private static byte[] rewrite(TypeDescription type, byte[] bytes, TypePool pool, AsmVisitorWrapper.ForDeclaredMethods advice) {
        int writerFlags = advice.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = advice.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        if ((writerFlags & ClassWriter.COMPUTE_FRAMES) != 0) {
            throw new IllegalStateException("the advice asks for computed frames, which this rewrite does not do");
        }
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        ClassFileVersion version = ClassFileVersion.ofClassFile(bytes);
        // Chosen as Byte Buddy's decoration chooses it. Only code an Implementation adds would use it,
        // and the disabled context lets none be added; the advice translates frames on its own.
        Implementation.Context.FrameGeneration frames = !version.isAtLeast(ClassFileVersion.JAVA_V6)
                ? Implementation.Context.FrameGeneration.DISABLED
                : (readerFlags & ClassReader.EXPAND_FRAMES) != 0 ? Implementation.Context.FrameGeneration.EXPAND
                : Implementation.Context.FrameGeneration.GENERATE;
        Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                NO_AUXILIARY_TYPES, TypeInitializer.None.INSTANCE, version, version, frames);
        reader.accept(advice.wrap(type, writer, context, pool, type.getDeclaredFields(), type.getDeclaredMethods(),
                writerFlags, readerFlags), readerFlags);
        return writer.toByteArray();
    }
}
