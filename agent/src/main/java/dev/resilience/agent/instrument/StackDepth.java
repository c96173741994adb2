package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The operand stack's depth in slots along a method's code as it is read, so the weaver knows
 * whether a {@code return} leaves anything under the returned value (javac never does; other
 * compilers may, and then the weaver gives the method up rather than jump with a wrong stack).
 * Known from each stack map frame on, unknown after an unconditional jump until the next frame.
 * Confined to the thread rewriting one method.
 */
final class StackDepth {
    static final int UNKNOWN = -1;
    private int depth;

    /** At the start of the original code: empty. */
    StackDepth() {
        depth = 0;
    }

    int depth() {
        return depth;
    }

    /** A stack map frame states the stack exactly. */
    void frame(int count, Object[] stack) {
        int slots = 0;
        for (int i = 0; i < count; i++) {
            slots += stack[i] == Opcodes.LONG || stack[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        depth = slots;
    }

    /** After a jump that never falls through (goto, switch, return, throw). */
    void unreachable() {
        depth = UNKNOWN;
    }

    private void add(int delta) {
        if (depth != UNKNOWN) {
            depth += delta;
        }
    }

    /** Instructions without operands. */
    void insn(int opcode) {
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

    /** BIPUSH, SIPUSH, NEWARRAY. */
    void intInsn(int opcode) {
        if (opcode != Opcodes.NEWARRAY) {
            add(1);
        }
    }

    /** Loads and stores of local variables (RET never reaches here: the weaver refuses it). */
    void varInsn(int opcode) {
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> add(1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> add(2);
            case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> add(-1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> add(-2);
            default -> {
            }
        }
    }

    /** NEW, ANEWARRAY, CHECKCAST, INSTANCEOF. */
    void typeInsn(int opcode) {
        if (opcode == Opcodes.NEW) {
            add(1);
        }
    }

    void fieldInsn(int opcode, String descriptor) {
        int size = size(descriptor.charAt(0));
        switch (opcode) {
            case Opcodes.GETSTATIC -> add(size);
            case Opcodes.PUTSTATIC -> add(-size);
            case Opcodes.GETFIELD -> add(size - 1);
            default -> add(-size - 1); // PUTFIELD
        }
    }

    /** Calls: the arguments (and the receiver, unless static or invokedynamic) go, the result comes. */
    void invoke(boolean hasReceiver, String descriptor) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        add((sizes & 0x3) - (sizes >> 2) + (hasReceiver ? 0 : 1));
    }

    void jumpInsn(int opcode) {
        switch (opcode) {
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                 Opcodes.IFNONNULL -> add(-1);
            case Opcodes.GOTO -> unreachable();
            default -> add(-2); // IF_ICMPxx, IF_ACMPxx (JSR never reaches here: the weaver refuses it)
        }
    }

    void ldc(Object value) {
        boolean wide = value instanceof Long || value instanceof Double
                || value instanceof ConstantDynamic constant && constant.getSize() == 2;
        add(wide ? 2 : 1);
    }

    /** TABLESWITCH and LOOKUPSWITCH. */
    void switchInsn() {
        unreachable();
    }

    void multiANewArray(int dimensions) {
        add(1 - dimensions);
    }

    private static int size(char descriptor) {
        return descriptor == 'J' || descriptor == 'D' ? 2 : 1;
    }
}
