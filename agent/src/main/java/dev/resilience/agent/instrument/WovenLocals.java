package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The local variables of a method {@link WovenMethod} weaves, and how its stack map frames list
 * them. Below the original {@code max_locals}: the method's own, untouched. Above it, the
 * weaver's: the call's {@link Frame}; for an inline site a copy of every argument ({@code this}
 * included), from which a retry restores them, so each attempt starts from what the caller passed
 * (as Byte Buddy's advice does, which backs arguments up too); then the returned value (none for
 * {@code void}), the thrown exception and one temporary of the exit code.
 *
 * <p>After the body nothing below {@code max_locals} is read again (a retry restores the arguments
 * first), so the frames from the body's handler on mark all of it TOP: whatever the body did to
 * its parameters' slots, the handler and the exit code verify. Immutable.
 */
final class WovenLocals {
    static final String FRAME = Type.getInternalName(Frame.class);
    static final String THROWABLE = "java/lang/Throwable";

    private final boolean isStatic;
    /** The arguments in frame form ({@code this} first). */
    private final Object[] declared;
    private final int argumentSlots;
    /** The original {@code max_locals}: the weaver's locals start there. */
    private final int firstOwnSlot;
    /** The returned value in frame form, or null for {@code void}. */
    private final Object returnedType;
    /** The weaver's locals that live through the body, in frame form: the frame, then the copies. */
    private final Object[] live;
    private final boolean backsUp;
    final int frameSlot;
    /** Where the copy of the argument in slot 0 lives; the others follow in the same layout. */
    final int backupSlot;
    final int returnedSlot;
    final int thrownSlot;
    /** The exit code's temporary: the exit action (inline) or the taken error (hand-off). */
    final int tempSlot;

    /**
     * @param backsUp whether the arguments are copied (inline sites, whose retries re-run the body
     *                in place; a hand-off passes the arguments to each attempt itself)
     */
    WovenLocals(String owner, boolean isStatic, Type[] parameters, Type returned, int maxLocals, boolean backsUp) {
        this.isStatic = isStatic;
        this.backsUp = backsUp;
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
        this.argumentSlots = slots;
        this.firstOwnSlot = maxLocals;
        this.returnedType = returned.getSort() == Type.VOID ? null : frameType(returned);
        this.frameSlot = maxLocals;
        this.backupSlot = frameSlot + 1;
        this.returnedSlot = backupSlot + (backsUp ? argumentSlots : 0);
        this.thrownSlot = returnedSlot + returned.getSize();
        this.tempSlot = thrownSlot + 1;
        this.live = new Object[1 + (backsUp ? declared.length : 0)];
        live[0] = FRAME;
        if (backsUp) {
            System.arraycopy(declared, 0, live, 1, declared.length);
        }
    }

    /** The arguments as the method's implicit first frame lists them ({@code this} first); a copy. */
    Object[] arguments() {
        return declared.clone();
    }

    /** How many slots the weaver's code needs in all. */
    int maxLocals() {
        return tempSlot + 1;
    }

    /** The slot of the first parameter after {@code this}. */
    int firstParameterSlot() {
        return isStatic ? 0 : 1;
    }

    boolean backsUp() {
        return backsUp;
    }

    /** At the start of the body: the arguments as declared, nothing else of the method's, the weaver's live locals. */
    Object[] body() {
        return padded(declared, declared.length, argumentSlots, live);
    }

    /** In the handlers and before the exit code: nothing of the method's, the weaver's live locals. */
    Object[] afterBody() {
        return padded(new Object[0], 0, 0, live);
    }

    /** In the exit code: as {@link #afterBody}, plus the outcome. */
    Object[] exit() {
        return padded(new Object[0], 0, 0, outcome(null));
    }

    /** In the exit code while its temporary holds a value of {@code temp}'s frame type. */
    Object[] exitWithTemp(Object temp) {
        return padded(new Object[0], 0, 0, outcome(temp));
    }

    /** One of the original code's frames, with the weaver's live locals added. */
    Object[] translate(Object[] local, int numLocal) {
        int slots = 0;
        for (int i = 0; i < numLocal; i++) {
            slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        return padded(local, numLocal, slots, live);
    }

    /** The live locals, then the returned value, the thrown exception and, when given, the temporary. */
    private Object[] outcome(Object temp) {
        int extra = (returnedType == null ? 0 : 1) + 1 + (temp == null ? 0 : 1);
        Object[] own = new Object[live.length + extra];
        System.arraycopy(live, 0, own, 0, live.length);
        int i = live.length;
        if (returnedType != null) {
            own[i++] = returnedType;
        }
        own[i++] = THROWABLE;
        if (temp != null) {
            own[i] = temp;
        }
        return own;
    }

    /** {@code local} (which fills {@code slots} slots), padded with TOP up to the weaver's first slot, then {@code own}. */
    private Object[] padded(Object[] local, int numLocal, int slots, Object[] own) {
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
