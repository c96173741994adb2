package dev.resilience.agent.testing;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Class files with one method at a JVM limit and one ordinary method, for the tests of what the agent leaves out. */
public final class LimitClasses {
    private LimitClasses() {
    }

    /** {@code public int wide(int x)}: stores x in local slot 65,533 and returns it; {@code public int small()}: {@code return 8}. */
    public static byte[] wideAndSmall(String internalName) {
        return withSmall(internalName, LimitClasses::wide);
    }

    /** Writes {@code public int wide(int x)}: stores x in local slot 65,533 and returns it. */
    public static void wide(ClassWriter writer) {
        wide(writer, 65_533);
    }

    /** Writes {@code public int wide(int x)}: stores x in local slot {@code slot} and returns it. */
    private static void wide(ClassWriter writer, int slot) {
        MethodVisitor wide = writer.visitMethod(Opcodes.ACC_PUBLIC, "wide", "(I)I", null, null);
        wide.visitCode();
        wide.visitVarInsn(Opcodes.ILOAD, 1);
        wide.visitVarInsn(Opcodes.ISTORE, slot);
        wide.visitVarInsn(Opcodes.ILOAD, slot);
        wide.visitInsn(Opcodes.IRETURN);
        wide.visitMaxs(0, 0);
        wide.visitEnd();
    }

    /** {@code public int huge()}: NOPs, then {@code return 7}, {@code size} bytes in all; {@code public int small()}: {@code return 8}. */
    public static byte[] hugeAndSmall(String internalName, int size) {
        return withSmall(internalName, writer -> huge(writer, size));
    }

    /** Writes {@code public int huge()}: NOPs, then {@code return 7}, {@code size} bytes in all. */
    private static void huge(ClassWriter writer, int size) {
        MethodVisitor huge = writer.visitMethod(Opcodes.ACC_PUBLIC, "huge", "()I", null, null);
        huge.visitCode();
        for (int i = 0; i < size - 3; i++) {
            huge.visitInsn(Opcodes.NOP);
        }
        huge.visitIntInsn(Opcodes.BIPUSH, 7);
        huge.visitInsn(Opcodes.IRETURN);
        huge.visitMaxs(0, 0);
        huge.visitEnd();
    }

    /**
     * {@code public int huge()} of {@code hugeSize} bytes, {@code public int wide(int x)} storing x in
     * slot {@code slot}, and {@code small()}: each fits the JVM's limits with the agent's code, but
     * woven together they pass ASM's limits on computing frames (audit: the class was left unchanged).
     */
    public static byte[] hugeWideAndSmall(String internalName, int hugeSize, int slot) {
        return withSmall(internalName, writer -> {
            huge(writer, hugeSize);
            wide(writer, slot);
        });
    }

    /** A public class with a default constructor, the method {@code odd} writes, and {@code public int small()}: {@code return 8}. */
    public static byte[] withSmall(String internalName, java.util.function.Consumer<ClassWriter> odd) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        defaultConstructor(writer);
        odd.accept(writer);
        MethodVisitor small = writer.visitMethod(Opcodes.ACC_PUBLIC, "small", "()I", null, null);
        small.visitCode();
        small.visitIntInsn(Opcodes.BIPUSH, 8);
        small.visitInsn(Opcodes.IRETURN);
        small.visitMaxs(0, 0);
        small.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Writes {@code public <init>() { super(); }}. */
    public static void defaultConstructor(ClassWriter writer) {
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
    }
}
