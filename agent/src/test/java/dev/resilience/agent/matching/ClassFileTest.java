package dev.resilience.agent.matching;

import dev.resilience.agent.testing.JavaBaseClasses;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassFileTest {
    @Retention(RetentionPolicy.RUNTIME)
    @interface Visible {
        String value() default "";
        int[] numbers() default {};
    }

    @Retention(RetentionPolicy.CLASS)
    @interface Invisible {
    }

    interface Service {
    }

    @Visible(value = "x", numbers = {1, 2})
    @Invisible
    abstract static class Sample implements Service, Serializable {
        private static final long serialVersionUID = 1L;
        long field = 5L;
        double other = 2.5;
        abstract void run();
    }

    static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName().replace('.', '$') + ".class")) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsNameSuperclassInterfacesAndFlags() throws IOException {
        ClassFile file = ClassFile.parse(bytesOf(Sample.class));
        assertThat(file.name()).isEqualTo(Sample.class.getName());
        assertThat(file.superName()).isEqualTo("java.lang.Object");
        assertThat(file.interfaces()).containsExactly(Service.class.getName(), "java.io.Serializable");
        assertThat(file.isAbstract()).isTrue();
        assertThat(file.isInterface()).isFalse();
    }

    @Test
    void readsClassLevelAnnotationsOfBothRetentions() throws IOException {
        ClassFile file = ClassFile.parse(bytesOf(Sample.class));
        assertThat(file.annotations()).containsExactlyInAnyOrder(Visible.class.getName(), Invisible.class.getName());
    }

    @Test
    void theMatchersParseTakesTheNameItIsGivenAndReadsAnnotationsOnlyWhenAsked() throws IOException {
        byte[] bytes = bytesOf(Sample.class);
        ClassFile without = ClassFile.parse(bytes, "given.Name", false);
        assertThat(without.name()).isEqualTo("given.Name");
        assertThat(without.superName()).isEqualTo("java.lang.Object");
        assertThat(without.interfaces()).containsExactly(Service.class.getName(), "java.io.Serializable");
        assertThat(without.annotations()).isEmpty();
        ClassFile with = ClassFile.parse(bytes, "given.Name", true);
        assertThat(with.annotations()).containsExactlyInAnyOrder(Visible.class.getName(), Invisible.class.getName());
        assertThat(ClassFile.parse(bytes, null, false).name()).isEqualTo(Sample.class.getName());
    }

    /** What ASM reads from a class file, in the parser's terms (binary names, annotation type names). */
    record AsmView(int access, String name, String superName, List<String> interfaces, List<String> annotations) {
        static AsmView of(byte[] bytes) {
            List<String> annotations = new ArrayList<>();
            AsmView[] header = new AsmView[1];
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    header[0] = new AsmView(access, dotted(name), superName == null ? null : dotted(superName),
                            Stream.of(interfaces).map(AsmView::dotted).toList(), annotations);
                }

                @Override
                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                    annotations.add(dotted(descriptor.substring(1, descriptor.length() - 1)));
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return header[0];
        }

        private static String dotted(String internalName) {
            return internalName.replace('/', '.');
        }
    }

    @Test
    void readsWhatAsmReadsFromEveryClassOfTheJavaBaseModule() throws IOException {
        int compared = 0;
        for (JavaBaseClasses.ClassFileAt classFile : JavaBaseClasses.under("")) {
            byte[] bytes = classFile.bytes();
            ClassFile file = ClassFile.parse(bytes);
            AsmView expected = AsmView.of(bytes);
            assertThat(new AsmView(file.access() & 0xFFFF, file.name(), file.superName(), file.interfaces(),
                    file.annotations()))
                    .as(classFile.name())
                    .usingRecursiveComparison().ignoringFields("access").isEqualTo(expected);
            assertThat(file.isInterface()).isEqualTo((expected.access() & Opcodes.ACC_INTERFACE) != 0);
            assertThat(file.isAbstract()).isEqualTo((expected.access() & Opcodes.ACC_ABSTRACT) != 0);
            compared++;
        }
        assertThat(compared).isGreaterThan(2000);
    }

    @Test
    void readsNamesBeyondAscii() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "caf\u00e9/Cr\u00e8me", null, "caf\u00e9/Base\u00df", new String[] {"\u00fcber/Dienst"});
        writer.visitAnnotation("L\u00e9t\u00e9/Annot\u00e9;", true).visitEnd();
        writer.visitEnd();

        ClassFile file = ClassFile.parse(writer.toByteArray());

        assertThat(file.name()).isEqualTo("caf\u00e9.Cr\u00e8me");
        assertThat(file.superName()).isEqualTo("caf\u00e9.Base\u00df");
        assertThat(file.interfaces()).containsExactly("\u00fcber.Dienst");
        assertThat(file.annotations()).containsExactly("\u00e9t\u00e9.Annot\u00e9");
    }

    @Test
    void readsTheAnnotationsWhenThePoolHoldsAWantedOneAndOnlyThen() throws IOException {
        byte[] bytes = bytesOf(Sample.class);
        ClassFile wanted = ClassFile.parse(bytes, null, AnnotationDescriptors.of(List.of(Invisible.class.getName())));
        assertThat(wanted.annotations()).containsExactlyInAnyOrder(Visible.class.getName(), Invisible.class.getName());
        ClassFile unwanted = ClassFile.parse(bytes, null, AnnotationDescriptors.of(List.of("other.Absent", "java.lang.Strin")));
        assertThat(unwanted.annotations()).isEmpty();
        assertThat(unwanted.interfaces()).containsExactly(Service.class.getName(), "java.io.Serializable");
    }

    @Test
    void anAnnotationOnAMethodOnlyStillLeavesTheClassWithoutIt() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/Client", null, "java/lang/Object", null);
        writer.visitMethod(Opcodes.ACC_PUBLIC, "call", "()V", null, null).visitAnnotation("Lp/Resilient;", true).visitEnd();
        writer.visitEnd();

        ClassFile file = ClassFile.parse(writer.toByteArray(), null, AnnotationDescriptors.of(List.of("p.Resilient")));

        assertThat(file.annotations()).isEmpty(); // the pool holds the descriptor, the class does not carry it
    }

    @Test
    void aNameBeyondAsciiReadsEveryClassesAnnotations() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/Client", null, "java/lang/Object", null);
        writer.visitAnnotation("L\u00e9t\u00e9/Annot\u00e9;", true).visitEnd();
        writer.visitEnd();

        AnnotationDescriptors descriptors = AnnotationDescriptors.of(List.of("\u00e9t\u00e9.Annot\u00e9"));

        assertThat(descriptors.readsAll()).isTrue();
        assertThat(ClassFile.parse(writer.toByteArray(), null, descriptors).annotations()).containsExactly("\u00e9t\u00e9.Annot\u00e9");
    }

    /**
     * Over every class of java.base, asking for each annotation type java.base uses (and types it
     * never uses) finds exactly the classes ASM says carry it: the test on the pool never hides one.
     */
    @Test
    void findsEveryAnnotatedClassOfTheJavaBaseModuleThroughThePoolTest() throws IOException {
        List<byte[]> classes = new ArrayList<>();
        List<AsmView> views = new ArrayList<>();
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (JavaBaseClasses.ClassFileAt classFile : JavaBaseClasses.under("")) {
            classes.add(classFile.bytes());
            views.add(AsmView.of(classFile.bytes()));
            used.addAll(views.get(views.size() - 1).annotations());
        }
        assertThat(used).hasSizeGreaterThan(5);
        for (String annotation : used) {
            AnnotationDescriptors wanted = AnnotationDescriptors.of(List.of(annotation, "never.Used" + annotation.length()));
            for (int i = 0; i < classes.size(); i++) {
                assertThat(ClassFile.parse(classes.get(i), null, wanted).annotations().contains(annotation))
                        .as(annotation + " on " + views.get(i).name())
                        .isEqualTo(views.get(i).annotations().contains(annotation));
            }
        }
    }

    @Test
    void rejectsBytesThatAreNotAClassFile() {
        assertThatThrownBy(() -> ClassFile.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassFile.parse(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
