package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The local variables of a method {@link WovenMethod} weaves, and how its stack map frames list
 * them: the parameters ({@code this} first) as declared, the original code's own locals up to its
 * {@code max_locals} untouched, then the weaver's: the call's {@link Frame}, the returned value
 * (none for {@code void}), the thrown exception and one temporary of the exit code. Immutable.
 */
final class WovenLocals {
    static final String FRAME = Type.getInternalName(Frame.class);
    static final String THROWABLE = "java/lang/Throwable";

    private final Type[] parameters;
    private final boolean isStatic;
    /** The parameters in frame form. */
    private final Object[] declared;
    private final int parameterSlots;
    /** The original {@code max_locals}: the weaver's locals start there. */
    private final int firstOwnSlot;
    /** The returned value in frame form, or null for {@code void}. */
    private final Object returnedType;
    final int frameSlot;
    final int returnedSlot;
    final int thrownSlot;
    /** The exit code's temporary: the exit action (inline) or the taken error (hand-off). */
    final int tempSlot;

    WovenLocals(String owner, boolean isStatic, Type[] parameters, Type returned, int maxLocals) {
        this.parameters = parameters;
        this.isStatic = isStatic;
        this.declared = new Object[parameters.length + (isStatic ? 0 : 1)];
        int slots = 0;
        int i = 0;
        if (!isStatic) {
            declared[i++] = owner;
            slots++;
        }
        for (Type parameter : parameters) {
            declared[i++] = frameType(parameter);
            slots += parameter.getSize();
        }
        this.parameterSlots = slots;
        this.firstOwnSlot = maxLocals;
        this.returnedType = returned.getSort() == Type.VOID ? null : frameType(returned);
        this.frameSlot = maxLocals;
        this.returnedSlot = frameSlot + 1;
        this.thrownSlot = returnedSlot + returned.getSize();
        this.tempSlot = thrownSlot + 1;
    }

    /** How many slots the weaver's code needs in all. */
    int maxLocals() {
        return tempSlot + 1;
    }

    /** The slot of the first parameter after {@code this}. */
    int firstParameterSlot() {
        return isStatic ? 0 : 1;
    }

    /** In the body: the parameters, then nothing up to the weaver's frame local. */
    Object[] body() {
        return padded(declared, declared.length, parameterSlots, FRAME);
    }

    /** In the exit code: the body's, plus the outcome. */
    Object[] exit() {
        return returnedType == null ? padded(declared, declared.length, parameterSlots, FRAME, THROWABLE)
                : padded(declared, declared.length, parameterSlots, FRAME, returnedType, THROWABLE);
    }

    /** In the exit code while its temporary holds a value of {@code temp}'s frame type. */
    Object[] exitWithTemp(Object temp) {
        Object[] exit = exit();
        Object[] withTemp = new Object[exit.length + 1];
        System.arraycopy(exit, 0, withTemp, 0, exit.length);
        withTemp[exit.length] = temp;
        return withTemp;
    }

    /** One of the original code's frames, with the weaver's frame local added (the only one live in the body). */
    Object[] translate(Object[] local, int numLocal) {
        int slots = 0;
        for (int i = 0; i < numLocal; i++) {
            slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        return padded(local, numLocal, slots, FRAME);
    }

    /**
     * True when a frame of the original code holds the parameters as declared. The weaver's
     * handlers and its repeat rely on it, as every compiler we know leaves them; a frame saying
     * otherwise (a slot reused for something else) makes the weaver give the method up.
     */
    boolean holdsParameters(Object[] local, int numLocal) {
        if (numLocal < declared.length) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (!declared[i].equals(local[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * False when {@code opcode} stores into a parameter's slot a kind of value (int, long, float,
     * double, reference) other than the one declared, or into {@code this}: javac cannot do
     * either, and generated code that does (jlink's, for one) may put any type there.
     */
    boolean keepsParameters(int opcode, int varIndex) {
        if (varIndex >= parameterSlots || opcode < Opcodes.ISTORE) {
            return true;
        }
        int slot = firstParameterSlot();
        if (varIndex < slot) {
            return false; // this
        }
        for (Type parameter : parameters) {
            if (slot == varIndex) {
                return parameter.getOpcode(Opcodes.ISTORE) == opcode;
            }
            slot += parameter.getSize();
        }
        return false; // the second half of a long or double
    }

    /** {@code local} (which fills {@code slots} slots), padded with TOP up to the weaver's first slot, then {@code own}. */
    private Object[] padded(Object[] local, int numLocal, int slots, Object... own) {
        int padding = firstOwnSlot - slots;
        Object[] locals = new Object[numLocal + padding + own.length];
        System.arraycopy(local, 0, locals, 0, numLocal);
        for (int i = 0; i < padding; i++) {
            locals[numLocal + i] = Opcodes.TOP;
        }
        System.arraycopy(own, 0, locals, numLocal + padding, own.length);
        return locals;
    }

    private static Object frameType(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.LONG -> Opcodes.LONG;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            default -> type.getInternalName();
        };
    }
}
