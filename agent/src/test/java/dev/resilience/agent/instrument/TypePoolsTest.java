package dev.resilience.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-loader type pools: shared where that is safe, never stale, never keeping a loader alive. */
class TypePoolsTest {
    /** Serves class files from a map that tests may add to, counting reads per class. */
    static final class MapLoader extends ClassLoader {
        final Map<String, byte[]> classes = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        MapLoader() {
            super(TypePoolsTest.class.getClassLoader());
        }

        @Override
        public InputStream getResourceAsStream(String resource) {
            String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                return super.getResourceAsStream(resource);
            }
            reads.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
            return new ByteArrayInputStream(bytes);
        }

        int reads(String name) {
            AtomicInteger count = reads.get(name);
            return count == null ? 0 : count.get();
        }
    }

    /** A class {@code name} extending {@code superName} that declares one method per entry of {@code methods}. */
    static byte[] classFile(String name, String superName, String... methods) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, superName.replace('.', '/'), null);
        for (String method : methods) {
            writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, method, "()V", null, null).visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static List<String> methodNames(TypeDescription type) {
        return type.getDeclaredMethods().stream().map(MethodDescription::getName).toList();
    }

    @Test
    void theClassBeingTransformedIsDescribedFromItsBytesNotFromTheLoader() {
        MapLoader loader = new MapLoader();
        loader.classes.put("p.Base", classFile("p.Base", "java.lang.Object", "base"));
        loader.classes.put("p.Service", classFile("p.Service", "p.Base", "onDisk"));
        // some earlier class made the shared pool read p.Service from the loader
        TypePools.forClass(loader, "p.Other", classFile("p.Other", "p.Service")).describe("p.Other").resolve()
                .getSuperClass().asErasure().getDeclaredMethods();

        TypePool pool = TypePools.forClass(loader, "p.Service", classFile("p.Service", "p.Base", "handedOver"));
        TypeDescription service = pool.describe("p.Service").resolve();
        assertThat(methodNames(service)).containsExactly("handedOver");
        assertThat(methodNames(service.getSuperClass().asErasure())).containsExactly("base");
    }

    @Test
    void typesReferencedByManyClassesAreReadOncePerLoader() {
        MapLoader loader = new MapLoader();
        loader.classes.put("p.Base", classFile("p.Base", "java.lang.Object", "base"));
        for (int i = 0; i < 20; i++) {
            String name = "p.Sub" + i;
            TypeDescription sub = TypePools.forClass(loader, name, classFile(name, "p.Base")).describe(name).resolve();
            assertThat(methodNames(sub.getSuperClass().asErasure())).containsExactly("base");
        }
        assertThat(loader.reads("p.Base")).isEqualTo(1);
    }

    /** A type the loader could not find is looked up again later: it may have been defined since. */
    @Test
    void notFoundIsNeverAnsweredFromTheCache() {
        MapLoader loader = new MapLoader();
        assertThat(TypePools.forClass(loader, "p.A", classFile("p.A", "java.lang.Object")).describe("p.Late").isResolved())
                .isFalse();
        loader.classes.put("p.Late", classFile("p.Late", "java.lang.Object", "late"));
        TypePool.Resolution later = TypePools.forClass(loader, "p.B", classFile("p.B", "java.lang.Object")).describe("p.Late");
        assertThat(later.isResolved()).isTrue();
        assertThat(methodNames(later.resolve())).containsExactly("late");
    }

    @Test
    void poolsOfDifferentLoadersAreKeptApart() {
        MapLoader first = new MapLoader();
        MapLoader second = new MapLoader();
        first.classes.put("p.Base", classFile("p.Base", "java.lang.Object", "first"));
        second.classes.put("p.Base", classFile("p.Base", "java.lang.Object", "second"));
        assertThat(methodNames(TypePools.forClass(first, "p.X", classFile("p.X", "p.Base")).describe("p.Base").resolve()))
                .containsExactly("first");
        assertThat(methodNames(TypePools.forClass(second, "p.X", classFile("p.X", "p.Base")).describe("p.Base").resolve()))
                .containsExactly("second");
    }

    @Test
    void aLoaderWhoseTypesWereDescribedCanStillBeCollected() throws InterruptedException {
        WeakReference<ClassLoader> collected = describeThroughAndDrop();
        for (int i = 0; i < 50 && collected.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(collected.get()).isNull();
    }

    private static WeakReference<ClassLoader> describeThroughAndDrop() {
        MapLoader loader = new MapLoader();
        loader.classes.put("p.Base", classFile("p.Base", "java.lang.Object", "base"));
        TypeDescription sub = TypePools.forClass(loader, "p.Sub", classFile("p.Sub", "p.Base")).describe("p.Sub").resolve();
        assertThat(methodNames(sub.getSuperClass().asErasure())).containsExactly("base");
        return new WeakReference<>(loader);
    }
}
