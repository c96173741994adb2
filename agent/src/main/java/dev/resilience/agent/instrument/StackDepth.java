package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The operand stack's depth in slots along a method's code as it is read, so the weaver knows
 * whether a {@code return} leaves anything under the returned value (javac never does; other
 * compilers may, and then the weaver gives the method up rather than jump with a wrong stack).
 * Known from each stack map frame on, unknown after an unconditional jump until the next frame.
 * A visitor that passes everything on to the next one: {@link WovenMethod} extends it, and sees
 * the depth before each instruction it is handed (the code it adds itself is tracked too, and
 * leaves the stack as it found it). Confined to the thread rewriting one method.
 */
class StackDepth extends MethodVisitor {
    static final int UNKNOWN = -1;
    private int depth;

    /** At the start of the original code: empty. */
    StackDepth(MethodVisitor next) {
        super(Opcodes.ASM9, next);
        depth = 0;
    }

    /** The stack's depth in slots before the instruction being visited, or {@link #UNKNOWN}. */
    int depth() {
        return depth;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        depthFromFrame(numStack, stack);
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        insn(opcode);
        super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        if (opcode != Opcodes.NEWARRAY) {
            add(1);
        }
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        varInsn(opcode);
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (opcode == Opcodes.NEW) {
            add(1);
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        fieldInsn(opcode, descriptor);
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        invoke(opcode != Opcodes.INVOKESTATIC, descriptor);
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        invoke(false, descriptor);
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        jumpInsn(opcode);
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        boolean wide = value instanceof Long || value instanceof Double
                || value instanceof ConstantDynamic constant && constant.getSize() == 2;
        add(wide ? 2 : 1);
        super.visitLdcInsn(value);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        unreachable();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        unreachable();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        add(1 - numDimensions);
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    /** A stack map frame states the stack exactly: {@code count} items of {@code stack}. */
    void depthFromFrame(int count, Object[] stack) {
        int slots = 0;
        for (int i = 0; i < count; i++) {
            slots += stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        depth = slots;
    }

    /** After a jump that never falls through (goto, switch, return, throw). */
    private void unreachable() {
        depth = UNKNOWN;
    }

    private void add(int delta) {
        if (depth != UNKNOWN) {
            depth += delta;
        }
    }

    /** Instructions without operands. */
    private void insn(int opcode) {
        switch (opcode) {
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2,
                 Opcodes.ICONST_3, Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1,
                 Opcodes.FCONST_2, Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2, Opcodes.I2L, Opcodes.I2D,
                 Opcodes.F2L, Opcodes.F2D -> add(1);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1, Opcodes.DUP2,
                 Opcodes.DUP2_X1, Opcodes.DUP2_X2 -> add(2);
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD,
                 Opcodes.POP, Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL,
                 Opcodes.IDIV, Opcodes.FDIV, Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.LSHL, Opcodes.ISHR,
                 Opcodes.LSHR, Opcodes.IUSHR, Opcodes.LUSHR, Opcodes.IAND, Opcodes.IOR, Opcodes.IXOR, Opcodes.L2I,
                 Opcodes.L2F, Opcodes.D2I, Opcodes.D2F, Opcodes.FCMPL, Opcodes.FCMPG, Opcodes.MONITORENTER,
                 Opcodes.MONITOREXIT -> add(-1);
            case Opcodes.POP2, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL,
                 Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR,
                 Opcodes.LXOR -> add(-2);
            case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE,
                 Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> add(-3);
            case Opcodes.LASTORE, Opcodes.DASTORE -> add(-4);
            case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.RETURN,
                 Opcodes.ATHROW -> unreachable();
            default -> {
                // NOP, LALOAD, DALOAD, SWAP, the negations, I2F, L2D, F2I, D2L, I2B, I2C, I2S, ARRAYLENGTH: no change
            }
        }
    }

    /** Loads and stores of local variables (RET never reaches here: the weaver refuses it). */
    private void varInsn(int opcode) {
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> add(1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> add(2);
            case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> add(-1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> add(-2);
            default -> {
            }
        }
    }

    private void fieldInsn(int opcode, String descriptor) {
        int size = size(descriptor.charAt(0));
        switch (opcode) {
            case Opcodes.GETSTATIC -> add(size);
            case Opcodes.PUTSTATIC -> add(-size);
            case Opcodes.GETFIELD -> add(size - 1);
            default -> add(-size - 1); // PUTFIELD
        }
    }

    /** Calls: the arguments (and the receiver, unless static or invokedynamic) go, the result comes. */
    private void invoke(boolean hasReceiver, String descriptor) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        add((sizes & 0x3) - (sizes >> 2) + (hasReceiver ? 0 : 1));
    }

    private void jumpInsn(int opcode) {
        switch (opcode) {
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                 Opcodes.IFNONNULL -> add(-1);
            case Opcodes.GOTO -> unreachable();
            default -> add(-2); // IF_ICMPxx, IF_ACMPxx (JSR never reaches here: the weaver refuses it)
        }
    }

    private static int size(char descriptor) {
        return descriptor == 'J' || descriptor == 'D' ? 2 : 1;
    }
}
