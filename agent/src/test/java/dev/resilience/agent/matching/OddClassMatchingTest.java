package dev.resilience.agent.matching;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import testapp.fixtures.Resilient;
import testapp.fixtures.Store;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matcher meets classes it cannot read and class loaders that fail: it never throws, a class
 * it cannot judge by its bytes is simply not selected by {@code subtypeOf}/{@code annotatedWith},
 * and a {@code class:} rule still selects it by name.
 */
class OddClassMatchingTest {
    static final String NAME = "testapp.odd.Weird";

    private static PolicyMatcher matcher() {
        LoadResult result = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: by-name
                    match: { class: "testapp.odd.*" }
                  - name: by-type
                    match: { subtypeOf: %s }
                  - name: by-annotation
                    match: { annotatedWith: %s }
                """.formatted(Store.class.getName(), Resilient.class.getName()), "p.yaml");
        assertThat(result.errors()).isEmpty();
        return new PolicyMatcher(result.policy());
    }

    private static List<String> select(PolicyMatcher matcher, ClassLoader loader, byte[] bytes) {
        return matcher.select(loader, NAME, bytes).stream().map(s -> s.rule().name()).toList();
    }

    /** A class file for {@code name} extending {@code superName}, implementing {@code interfaces}. */
    static byte[] classFile(String name, String superName, String... interfaces) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, superName.replace('.', '/'),
                Arrays.stream(interfaces).map(i -> i.replace('.', '/')).toArray(String[]::new));
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A valid class whose invisible annotation nests arrays {@code depth} deep: the JVM does not read it, our parser does. */
    static byte[] deeplyAnnotated(String name, int depth) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object",
                new String[] {Store.class.getName().replace('.', '/')});
        AnnotationVisitor annotation = writer.visitAnnotation("Ltestapp/odd/Deep;", false);
        java.util.ArrayDeque<AnnotationVisitor> open = new java.util.ArrayDeque<>();
        open.push(annotation);
        open.push(annotation.visitArray("value"));
        for (int i = 0; i < depth; i++) {
            open.push(open.peek().visitArray(null));
        }
        open.peek().visit(null, "bottom");
        while (!open.isEmpty()) {
            open.pop().visitEnd(); // innermost first: each writes its element count into its parent
        }
        writer.visitAnnotation("L" + Resilient.class.getName().replace('.', '/') + ";", true).visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A loader that serves class files from a map, or fails the way {@code failure} says for a name. */
    static ClassLoader loader(Map<String, byte[]> classes, Function<String, InputStream> failure) {
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String resource) {
                String name = resource.replace('/', '.').substring(0, resource.length() - ".class".length());
                InputStream failed = failure.apply(name);
                if (failed != null) {
                    return failed;
                }
                byte[] bytes = classes.get(name);
                return bytes == null ? super.getResourceAsStream(resource) : new ByteArrayInputStream(bytes);
            }
        };
    }

    private static final Function<String, InputStream> NO_FAILURE = name -> null;

    @Test
    void bytesThatAreNoClassFileAreSelectedByNameOnly() {
        PolicyMatcher matcher = matcher();
        ClassLoader loader = loader(Map.of(), NO_FAILURE);
        assertThat(select(matcher, loader, "not a class file at all".getBytes())).containsExactly("by-name");
        assertThat(select(matcher, loader, new byte[0])).containsExactly("by-name");
        assertThat(select(matcher, loader, null)).containsExactly("by-name");
    }

    @Test
    void everyTruncationOfAClassFileIsSelectedByNameOnlyOrFully() {
        PolicyMatcher matcher = matcher();
        byte[] whole = classFile(NAME, "java.lang.Object", Store.class.getName());
        ClassLoader loader = loader(Map.of(), NO_FAILURE);
        assertThat(select(matcher, loader, whole)).containsExactly("by-name", "by-type");
        for (int length = 0; length < whole.length; length++) {
            assertThat(select(matcher, loader, Arrays.copyOf(whole, length))).as("first %d bytes", length)
                    .contains("by-name").doesNotContain("by-annotation");
        }
    }

    @Test
    void randomlyCorruptedClassFilesNeverMakeTheMatcherThrow() {
        PolicyMatcher matcher = matcher();
        byte[] whole = deeplyAnnotated(NAME, 3);
        ClassLoader loader = loader(Map.of(), NO_FAILURE);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = whole.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            assertThat(select(matcher, loader, bytes)).as("corruption %d", i).contains("by-name");
        }
    }

    /**
     * Regression: the class-file parser recursed once per nesting level, so on an application thread
     * with a small stack such a class threw StackOverflowError out of the matcher.
     */
    @Test
    void anAnnotationNestedHundredsOfThousandsDeepIsReadOnASmallStack() throws Exception {
        PolicyMatcher matcher = matcher();
        byte[] bytes = deeplyAnnotated(NAME, 200_000);
        Object[] outcome = new Object[1];
        Thread small = new Thread(null, () -> {
            try {
                outcome[0] = select(matcher, loader(Map.of(), NO_FAILURE), bytes);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join(30_000);
        assertThat(outcome[0]).isEqualTo(List.of("by-name", "by-type", "by-annotation"));
    }

    @Test
    void aShallowAnnotationIsStillRead() {
        PolicyMatcher matcher = matcher();
        byte[] bytes = deeplyAnnotated(NAME, 20);
        assertThat(select(matcher, loader(Map.of(), NO_FAILURE), bytes)).containsExactly("by-name", "by-type", "by-annotation");
    }

    @Test
    void aSupertypeWhoseBytesCannotBeReadDoesNotMatchAndDoesNotThrow() {
        PolicyMatcher matcher = matcher();
        String middle = "testapp.other.Middle";
        byte[] weird = classFile(NAME, middle);
        Map<String, byte[]> classes = Map.of(middle, classFile(middle, "java.lang.Object", Store.class.getName()));
        assertThat(select(matcher, loader(classes, NO_FAILURE), weird)).as("readable").containsExactly("by-name", "by-type");

        List<Function<String, InputStream>> failures = List.of(
                name -> name.equals(middle) ? failingStream(new IOException("disk gone")) : null,
                name -> name.equals(middle) ? new ByteArrayInputStream("garbage".getBytes()) : null,
                name -> {
                    if (name.equals(middle)) {
                        throw new IllegalStateException("loader closed");
                    }
                    return null;
                },
                name -> {
                    if (name.equals(middle)) {
                        throw new NoClassDefFoundError("a loader helper failed to load");
                    }
                    return null;
                },
                name -> {
                    if (name.equals(middle)) {
                        throw new ClassCircularityError(middle);
                    }
                    return null;
                });
        for (Function<String, InputStream> failure : failures) {
            // A fresh matcher each time: the hierarchy caches what it read per loader.
            assertThat(select(matcher(), loader(classes, failure), weird)).containsExactly("by-name");
        }
    }

    @Test
    void aCyclicHierarchyEnds() {
        PolicyMatcher matcher = matcher();
        Map<String, byte[]> classes = Map.of(
                "testapp.other.A", classFile("testapp.other.A", "testapp.other.B"),
                "testapp.other.B", classFile("testapp.other.B", "testapp.other.A"));
        assertThat(select(matcher, loader(classes, NO_FAILURE), classFile(NAME, "testapp.other.A"))).containsExactly("by-name");
    }

    private static InputStream failingStream(IOException error) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw error;
            }
        };
    }

    /**
     * A class the bootstrap loader defined has supertypes the bootstrap loader defined: the hierarchy
     * must not read a same-named class file from the application class path for it.
     */
    @Test
    void supertypesOfABootstrapClassAreReadFromTheBootstrapLoaderOnly() {
        ClassFile bootClass = ClassFile.parse(classFile("testapp.odd.BootLoaded", "testapp.fixtures.BaseStore"));
        TypeHierarchy hierarchy = new TypeHierarchy();
        // BaseStore implements Store, but only on the application class path.
        assertThat(hierarchy.isSubtype(getClass().getClassLoader(), bootClass, Store.class.getName())).isTrue();
        assertThat(hierarchy.isSubtype(null, bootClass, Store.class.getName())).isFalse();
        assertThat(hierarchy.isSubtype(null, ClassFile.parse(classFile("testapp.odd.BootList", "java.util.AbstractList")),
                "java.util.Collection")).isTrue();
    }
}
