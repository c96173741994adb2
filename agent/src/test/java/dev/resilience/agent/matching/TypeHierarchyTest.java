package dev.resilience.agent.matching;

import dev.resilience.agent.policy.PolicyLoader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.resilience.agent.matching.OddClassMatchingTest.classFile;
import static org.assertj.core.api.Assertions.assertThat;

/** The supertype closures: computed once per loader and type, kept apart per loader, never keeping a loader alive. */
class TypeHierarchyTest {
    /** Serves class files from a map and counts how often each is read. */
    static final class CountingLoader extends ClassLoader {
        final Map<String, byte[]> classes;
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        CountingLoader(Map<String, byte[]> classes) {
            super(null);
            this.classes = classes;
        }

        @Override
        public InputStream getResourceAsStream(String resource) {
            String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
            reads.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
            byte[] bytes = classes.get(name);
            return bytes == null ? super.getResourceAsStream(resource) : new ByteArrayInputStream(bytes);
        }

        int reads(String name) {
            AtomicInteger count = reads.get(name);
            return count == null ? 0 : count.get();
        }
    }

    /** {@code a.Base} extends {@code a.Root} implements {@code a.Api}; {@code a.Api} extends {@code a.Marker}. */
    private static Map<String, byte[]> smallHierarchy() {
        return Map.of(
                "a.Root", classFile("a.Root", "java.lang.Object"),
                "a.Api", classFile("a.Api", "java.lang.Object", "a.Marker"),
                "a.Marker", classFile("a.Marker", "java.lang.Object"),
                "a.Base", classFile("a.Base", "a.Root", "a.Api"));
    }

    @Test
    void theClosureHoldsDirectAndIndirectSupertypes() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader loader = new CountingLoader(smallHierarchy());
        assertThat(hierarchy.supertypesOf(loader, "a.Base"))
                .containsExactlyInAnyOrder("a.Root", "a.Api", "a.Marker", "java.lang.Object");
        assertThat(hierarchy.supertypesOf(loader, "a.Marker")).containsExactly("java.lang.Object");
        assertThat(hierarchy.supertypesOf(loader, "a.Missing")).isEmpty();
    }

    @Test
    void aSharedBaseIsReadOnceForAllItsSubclassesAndRules() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader loader = new CountingLoader(smallHierarchy());
        for (int i = 0; i < 1_000; i++) {
            ClassFile subclass = ClassFile.parse(classFile("a.Sub" + i, "a.Base"));
            assertThat(hierarchy.isSubtype(loader, subclass, "a.Marker")).isTrue();
            assertThat(hierarchy.isSubtype(loader, subclass, "a.Other")).isFalse();
        }
        assertThat(loader.reads("a.Base")).isEqualTo(1);
        assertThat(loader.reads("a.Api")).isEqualTo(1);
        assertThat(loader.reads("a.Marker")).isEqualTo(1);
        assertThat(loader.reads("java.lang.Object")).as("Object has no supertype: never read").isZero();
    }

    /**
     * What a class's matching reads per direct supertype: the subtypeOf rules naming it or anything
     * above it, computed once per loader and name (then one lookup per class), kept apart per loader.
     */
    @Test
    void theRulesASupertypeBringsAreItsOwnAndThoseAboveItOncePerLoader() {
        RuleIndex index = new RuleIndex(new PolicyMatcher(PolicyLoader.parse("""
                version: 1
                rules:
                  - { name: marker, match: { subtypeOf: a.Marker } }
                  - { name: root, match: { subtypeOf: a.Root } }
                  - { name: base, match: { subtypeOf: a.Base } }
                  - { name: other, match: { subtypeOf: a.Other } }
                """, "t.yaml").policy()).selectors());
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader loader = new CountingLoader(smallHierarchy());

        int[] base = hierarchy.rulesBroughtBy(loader, "a.Base", index);
        assertThat(base).containsExactly(0, 1, 2);
        assertThat(hierarchy.rulesBroughtBy(loader, "a.Api", index)).containsExactly(0);
        assertThat(hierarchy.rulesBroughtBy(loader, "a.Missing", index)).isEmpty();
        assertThat(hierarchy.rulesBroughtBy(loader, "a.Base", index)).as("kept, not computed again").isSameAs(base);
        assertThat(loader.reads("a.Base")).isEqualTo(1);

        CountingLoader flat = new CountingLoader(Map.of("a.Base", classFile("a.Base", "java.lang.Object")));
        assertThat(hierarchy.rulesBroughtBy(flat, "a.Base", index)).as("another loader's a.Base").containsExactly(2);
    }

    @Test
    void aClosureComputedFirstIsReusedByTheTypesBelowIt() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader loader = new CountingLoader(smallHierarchy());
        hierarchy.supertypesOf(loader, "a.Api");
        hierarchy.supertypesOf(loader, "a.Base");
        assertThat(loader.reads("a.Api")).isEqualTo(1);
        assertThat(loader.reads("a.Marker")).isEqualTo(1);
    }

    /** Two loaders may hold different classes of the same name: what one saw must not answer for the other. */
    @Test
    void closuresAreKeptPerLoader() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader first = new CountingLoader(smallHierarchy());
        CountingLoader second = new CountingLoader(Map.of("a.Base", classFile("a.Base", "java.lang.Object", "b.Other")));
        ClassFile subclass = ClassFile.parse(classFile("a.Sub", "a.Base"));
        assertThat(hierarchy.isSubtype(first, subclass, "a.Api")).isTrue();
        assertThat(hierarchy.isSubtype(second, subclass, "a.Api")).isFalse();
        assertThat(hierarchy.isSubtype(second, subclass, "b.Other")).isTrue();
        assertThat(hierarchy.isSubtype(first, subclass, "b.Other")).isFalse();
        // alternating loaders (the cache of the last loader used) still keeps them apart
        for (int i = 0; i < 3; i++) {
            assertThat(hierarchy.supertypesOf(first, "a.Base")).contains("a.Api").doesNotContain("b.Other");
            assertThat(hierarchy.supertypesOf(second, "a.Base")).contains("b.Other").doesNotContain("a.Api");
        }
    }

    /** A class file of an abstract class, or of an interface when {@code superName} is null. */
    static byte[] abstractType(String name, String superName, String... interfaces) {
        ClassWriter writer = new ClassWriter(0);
        int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT
                | (superName == null ? Opcodes.ACC_INTERFACE : 0);
        String[] internal = new String[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) {
            internal[i] = interfaces[i].replace('.', '/');
        }
        writer.visit(Opcodes.V17, access, name.replace('.', '/'), null,
                superName == null ? "java/lang/Object" : superName.replace('.', '/'), internal);
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void interfacesAndAbstractClassesTheLoaderDefinesAreNotReadAgain() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader loader = new CountingLoader(smallHierarchy());
        hierarchy.learn(loader, ClassFile.parse(abstractType("a.Base", "a.Root", "a.Api")));
        hierarchy.learn(loader, ClassFile.parse(abstractType("a.Api", null, "a.Marker")));

        assertThat(hierarchy.supertypesOf(loader, "a.Base"))
                .containsExactlyInAnyOrder("a.Root", "a.Api", "a.Marker", "java.lang.Object");
        assertThat(loader.reads("a.Base")).isZero();
        assertThat(loader.reads("a.Api")).isZero();
        assertThat(loader.reads("a.Root")).as("not learned: read as before").isEqualTo(1);
    }

    @Test
    void concreteClassesAreNotLearned() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader loader = new CountingLoader(smallHierarchy());
        hierarchy.learn(loader, ClassFile.parse(classFile("a.Base", "a.Root", "a.Api")));
        assertThat(hierarchy.supertypesOf(loader, "a.Base")).contains("a.Marker");
        assertThat(loader.reads("a.Base")).isEqualTo(1);
    }

    /** What one loader defined says nothing about the class of that name another loader finds. */
    @Test
    void whatIsLearnedIsKeptPerLoader() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        CountingLoader first = new CountingLoader(smallHierarchy());
        CountingLoader second = new CountingLoader(Map.of("a.Base", classFile("a.Base", "java.lang.Object", "b.Other")));
        hierarchy.learn(first, ClassFile.parse(abstractType("a.Base", "a.Root", "a.Api")));
        assertThat(hierarchy.supertypesOf(second, "a.Base")).containsExactlyInAnyOrder("java.lang.Object", "b.Other");
        assertThat(second.reads("a.Base")).isEqualTo(1);
    }

    @Test
    void learningStopsAtAFixedNumberOfTypesPerLoader() {
        TypeHierarchy hierarchy = new TypeHierarchy();
        Map<String, byte[]> classes = new java.util.HashMap<>();
        int count = TypeHierarchy.LEARNED_PER_LOADER + 1;
        for (int i = 0; i < count; i++) {
            classes.put("t.Api" + i, abstractType("t.Api" + i, null, "t.Marker"));
        }
        CountingLoader loader = new CountingLoader(classes);
        for (int i = 0; i < count; i++) {
            hierarchy.learn(loader, ClassFile.parse(classes.get("t.Api" + i)));
        }
        hierarchy.supertypesOf(loader, "t.Api0");
        hierarchy.supertypesOf(loader, "t.Api" + (count - 1));
        assertThat(loader.reads("t.Api0")).isZero();
        assertThat(loader.reads("t.Api" + (count - 1))).as("past the bound").isEqualTo(1);
    }

    @Test
    void theCacheDoesNotKeepALoaderAlive() throws InterruptedException {
        TypeHierarchy hierarchy = new TypeHierarchy();
        WeakReference<ClassLoader> collected = useAndDropLoader(hierarchy);
        for (int i = 0; i < 50 && collected.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(collected.get()).as("loader collected while the hierarchy is still in use").isNull();
        assertThat(hierarchy.supertypesOf(new CountingLoader(smallHierarchy()), "a.Api")).contains("a.Marker");
    }

    private static WeakReference<ClassLoader> useAndDropLoader(TypeHierarchy hierarchy) {
        CountingLoader loader = new CountingLoader(smallHierarchy());
        assertThat(hierarchy.supertypesOf(loader, "a.Base")).contains("a.Marker");
        return new WeakReference<>(loader);
    }

    @Test
    void directSupertypesListTheSuperClassFirst() {
        assertThat(TypeHierarchy.directSupertypes(ClassFile.parse(classFile("a.X", "a.Root", "a.Api", "a.Marker"))))
                .isEqualTo(List.of("a.Root", "a.Api", "a.Marker"));
    }
}
