package dev.resilience.agent.it;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application defines classes from odd bytes with its own loader while the agent watches every
 * class load: one whose invisible annotation nests 200,000 levels deep (valid for the JVM, which
 * does not read it), one whose supertype's class file its loader refuses to serve, and bytes that
 * are no class file. Each loads (or fails) exactly as it would without the agent.
 */
class OddClassesIT {
    private static final String POLICY = """
            version: 1
            rules:
              - name: deep
                match: { class: testapp.odd.Deep }
                retry: off
                timeout: off
                circuitBreaker: off
              - name: stores
                match: { subtypeOf: testapp.fixtures.Store }
                retry: off
                timeout: off
                circuitBreaker: off
              - name: garbage
                match: { class: testapp.odd.Garbage }
            """;

    @TempDir
    Path dir;

    @Test
    void oddClassesLoadAsTheyWouldWithoutTheAgent() throws Exception {
        Files.write(dir.resolve("testapp.odd.Deep.class"), deep());
        Files.write(dir.resolve("testapp.odd.Hidden.class"), hidden());
        Files.write(dir.resolve("testapp.odd.Orphan.class"), orphan());
        Files.write(dir.resolve("testapp.odd.Garbage.class"), "\u00ca\u00fe not really a class".getBytes());

        ForkedApp.Result without = ForkedApp.run(null, List.of(), List.of(), "testapp.OddClasses", dir.toString());
        // log=debug: the line per instrumented class is a debug line
        ForkedApp.Result with = ForkedApp.run("policy=" + ForkedApp.policy(POLICY) + ",log=debug", List.of("-Xss512k"), List.of(),
                "testapp.OddClasses", dir.toString());

        assertThat(without.stdout()).as(without.toString()).contains(
                "ODD testapp.odd.Deep OK deep", "ODD testapp.odd.Orphan OK put", "ODD testapp.odd.Garbage ERR java.lang.ClassFormatError");
        assertThat(with.exitCode()).as(with.toString()).isZero();
        assertThat(with.stdout().stream().filter(l -> l.startsWith("ODD "))).as(with.toString())
                .containsExactlyElementsOf(without.stdout().stream().filter(l -> l.startsWith("ODD ")).toList());
        // Deep is selected by name; Byte Buddy 1.18 cannot describe its annotation, so it is left as it is.
        assertThat(with.stderr()).containsAnyOf("instrumented testapp.odd.Deep",
                "internal error in instrumenting testapp.odd.Deep (left unchanged)");
        // The unreadable supertype means "not a Store" to the matcher: Orphan is left alone, silently.
        assertThat(with.stderr()).doesNotContain("instrumented testapp.odd.Orphan").doesNotContain("testapp.odd.Hidden");
    }

    /** Audit: a proxy of a package-private interface lives in its package, where subtypeOf selected it and retried its handler. */
    @Test
    void aJdkProxyOfAPackagePrivateInterfaceIsNeverInstrumented() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: repo
                    match: { subtypeOf: testapp.PrivateProxies$Repo }
                    retry: { maxAttempts: 3, delay: 1ms }
                  - name: everything
                    match: { class: "testapp.*Proxy*" }
                    retry: { maxAttempts: 3, delay: 1ms }
                """);

        ForkedApp.Result result = ForkedApp.run("policy=" + policy + ",log=debug", List.of(), List.of(), "testapp.PrivateProxies");

        assertThat(result.stdout()).as(result.toString()).anyMatch(line -> line.matches("PROXY testapp\\.\\$Proxy\\d+ HANDLER_CALLS 1"));
        assertThat(result.stderr()).doesNotContain("instrumented testapp.$Proxy");
    }

    /** A Supplier returning "deep", with an invisible annotation whose array values nest 200,000 deep. */
    private static byte[] deep() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "testapp/odd/Deep", null, "java/lang/Object",
                new String[] {"java/util/function/Supplier"});
        AnnotationVisitor annotation = writer.visitAnnotation("Ltestapp/odd/Nested;", false);
        ArrayDeque<AnnotationVisitor> open = new ArrayDeque<>();
        open.push(annotation);
        open.push(annotation.visitArray("value"));
        for (int i = 0; i < 200_000; i++) {
            open.push(open.peek().visitArray(null));
        }
        while (!open.isEmpty()) {
            open.pop().visitEnd();
        }
        constructor(writer, "java/lang/Object");
        MethodVisitor get = writer.visitMethod(Opcodes.ACC_PUBLIC, "get", "()Ljava/lang/Object;", null, null);
        get.visitCode();
        get.visitLdcInsn("deep");
        get.visitInsn(Opcodes.ARETURN);
        get.visitMaxs(0, 0);
        get.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** An abstract Store whose class file the application's loader will not hand out as a resource. */
    private static byte[] hidden() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "testapp/odd/Hidden", null, "java/lang/Object",
                new String[] {"testapp/fixtures/Store"});
        constructor(writer, "java/lang/Object");
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A concrete Hidden: a Store the matcher cannot prove to be one. */
    private static byte[] orphan() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "testapp/odd/Orphan", null, "testapp/odd/Hidden", null);
        constructor(writer, "testapp/odd/Hidden");
        MethodVisitor put = writer.visitMethod(Opcodes.ACC_PUBLIC, "put", "(Ljava/lang/String;[B)V", null, null);
        put.visitCode();
        put.visitInsn(Opcodes.RETURN);
        put.visitMaxs(0, 0);
        put.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void constructor(ClassWriter writer, String superName) {
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
    }
}
