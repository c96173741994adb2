package bench.harness;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The scale harness's application: {@code count} generated classes in 100 packages
 * {@code gen.m00..gen.m99}, written to a jar with their names (load order) in
 * {@code gen/classes.txt} and the ones a policy rule selects in {@code gen/targets.txt}.
 *
 * <p>Every class extends an abstract base implementing an interface, so a {@code subtypeOf} rule
 * has a hierarchy to walk; half carry a class-level annotation, so {@code annotatedWith} has
 * something to look at. One class in 100 is a target: target {@code t} belongs to rule
 * {@code t % 50} of {@link #policy(boolean)}: rules 0-19 select by a glob on the class name
 * ({@code GatewayRxT}), 20-34 by {@code subtypeOf: gen.api.RemoteR} (through the base
 * {@code gen.base.RemoteBaseR}), 35-49 by {@code annotatedWith: gen.api.ResilientR}. Each class
 * has four public methods returning the name of the thread that runs them (a target's run on a
 * {@code resilience-timeout} worker, which is how the child checks they were instrumented).
 * Stateless.
 */
public final class GeneratedClasses {
    static final int RULES = 50;
    static final int GLOB_RULES = 20;
    static final int SUBTYPE_RULES_END = 35;
    private static final int KINDS = 10;

    private GeneratedClasses() {
    }

    /** Writes the jar; returns the number of classes in it (generated application classes plus support types). */
    public static int write(Path jar, int count) throws IOException {
        List<String> names = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (int k = 0; k < KINDS; k++) {
                put(out, names, "gen/api/Service" + k, anInterface("gen/api/Service" + k, true));
                put(out, names, "gen/api/Marker" + k, anAnnotation("gen/api/Marker" + k));
            }
            for (int r = GLOB_RULES; r < SUBTYPE_RULES_END; r++) {
                put(out, names, "gen/api/Remote" + r, anInterface("gen/api/Remote" + r, false));
            }
            for (int r = SUBTYPE_RULES_END; r < RULES; r++) {
                put(out, names, "gen/api/Resilient" + r, anAnnotation("gen/api/Resilient" + r));
            }
            for (int k = 0; k < KINDS; k++) {
                put(out, names, "gen/base/Base" + k, aClass("gen/base/Base" + k, "java/lang/Object",
                        "gen/api/Service" + k, null, true));
            }
            for (int r = GLOB_RULES; r < SUBTYPE_RULES_END; r++) {
                put(out, names, "gen/base/RemoteBase" + r, aClass("gen/base/RemoteBase" + r, "gen/base/Base" + (r % KINDS),
                        "gen/api/Remote" + r, null, true));
            }
            for (int i = 0; i < count; i++) {
                String pkg = String.format("gen/m%02d/", i % 100);
                String name = pkg + "Component" + i;
                String superName = "gen/base/Base" + (i % KINDS);
                String annotation = i % 2 == 0 ? "gen/api/Marker" + (i % KINDS) : null;
                if (i % 100 == 0) {
                    int t = i / 100;
                    int r = t % RULES;
                    if (r < GLOB_RULES) {
                        name = pkg + "Gateway" + r + "x" + t;
                    } else if (r < SUBTYPE_RULES_END) {
                        superName = "gen/base/RemoteBase" + r;
                    } else {
                        annotation = "gen/api/Resilient" + r;
                    }
                    targets.add(name.replace('/', '.'));
                }
                put(out, names, name, aClass(name, superName, null, annotation, false));
            }
            text(out, "gen/classes.txt", names.stream().map(n -> n.replace('/', '.')).toList());
            text(out, "gen/targets.txt", targets);
        }
        return names.size();
    }

    /**
     * The 50-rule policy: rules select the targets ({@code matching}) or, with the same shapes
     * (globs, subtypeOf, annotatedWith), names that no generated class has.
     */
    public static String policy(boolean matching) {
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int r = 0; r < RULES; r++) {
            yaml.append("  - name: rule-").append(r).append('\n').append("    match: { ");
            if (r < GLOB_RULES) {
                yaml.append("class: \"gen.**.").append(matching ? "Gateway" : "Portal").append(r).append("x*\"");
            } else if (r < SUBTYPE_RULES_END) {
                yaml.append("subtypeOf: gen.api.").append(matching ? "Remote" : "Absent").append(r);
            } else {
                yaml.append("annotatedWith: gen.api.").append(matching ? "Resilient" : "Absent").append(r);
            }
            yaml.append(" }\n");
        }
        return yaml.toString();
    }

    private static void put(JarOutputStream out, List<String> names, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name + ".class"));
        out.write(bytes);
        out.closeEntry();
        names.add(name);
    }

    private static void text(JarOutputStream out, String entry, List<String> lines) throws IOException {
        out.putNextEntry(new JarEntry(entry));
        OutputStream o = out;
        o.write(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    private static byte[] anInterface(String name, boolean withMethod) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, name, null,
                "java/lang/Object", null);
        if (withMethod) {
            cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "op0", "()Ljava/lang/String;", null, null).visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static byte[] anAnnotation(String name) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_ANNOTATION,
                name, null, "java/lang/Object", new String[] {"java/lang/annotation/Annotation"});
        AnnotationVisitor retention = cw.visitAnnotation("Ljava/lang/annotation/Retention;", true);
        retention.visitEnum("value", "Ljava/lang/annotation/RetentionPolicy;", "RUNTIME");
        retention.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static byte[] aClass(String name, String superName, String anInterface, String annotation, boolean isAbstract) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | (isAbstract ? Opcodes.ACC_ABSTRACT : 0);
        cw.visit(Opcodes.V17, access, name, null, superName, anInterface == null ? null : new String[] {anInterface});
        if (annotation != null) {
            cw.visitAnnotation("L" + annotation + ";", true).visitEnd();
        }
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        if (!isAbstract) {
            for (int m = 0; m < 4; m++) {
                MethodVisitor op = cw.visitMethod(Opcodes.ACC_PUBLIC, "op" + m, "()Ljava/lang/String;", null, null);
                op.visitCode();
                op.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Thread", "currentThread", "()Ljava/lang/Thread;", false);
                op.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Thread", "getName", "()Ljava/lang/String;", false);
                op.visitInsn(Opcodes.ARETURN);
                op.visitMaxs(0, 0);
                op.visitEnd();
            }
        }
        cw.visitEnd();
        return cw.toByteArray();
    }
}
