package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.Type;

/**
 * The code {@link HandoffPrologue} puts in front of a hand-off method's body, as raw bytecode with
 * its one or two stack map frames and exception table entries, in the method's terms (offsets
 * from the code's start):
 * <pre>
 *   nop (0-3, so the body starts at a multiple of 4 and its switches keep their padding)
 *   frame = HandoffDispatch.handoff(id, Owner.class, this | null, new Object[] {boxed arguments})
 *                                                      (anything it throws: -> BODY_HANDLER)
 *   if (frame == null) -> BODY_HANDLER                 (run the body right here)
 *   return (cast) HandoffResult.xValue(frame)          (throws the call's exception)
 *   [CAST_HANDLER: pop; return null]                   (a value of another type: never on purpose)
 *   BODY_HANDLER: pop                                  (falls into the original code)
 * </pre>
 * The prologue keeps nothing in local variables and its last frame has the method's initial
 * locals, so every frame of the original code keeps its meaning and encoding. Unlike the full
 * weaver's exit code, the call that delivers the result has no handler of the agent's around it:
 * a handler there would also catch the call's own exception, which it throws on purpose, and
 * {@link HandoffResult} cannot fail otherwise. Written once per method; confined to the thread
 * rewriting the class.
 */
final class PrologueCode {
    /** Stack slots the prologue needs: id, class, receiver, array, array again, index, a long argument. */
    static final int MAX_STACK = 8;

    private static final String FRAME = Type.getInternalName(Frame.class);
    private static final String HANDOFF_DISPATCH = Type.getInternalName(HandoffDispatch.class);
    private static final String RESULT = Type.getInternalName(HandoffResult.class);
    private static final String HANDOFF_DESCRIPTOR =
            "(ILjava/lang/Class;Ljava/lang/Object;[Ljava/lang/Object;)L".concat(FRAME).concat(";");
    private static final String TAKES_FRAME = "(L".concat(FRAME).concat(";)");
    private static final String OBJECT = "java/lang/Object";

    private static final int ITEM_OBJECT = 7;
    private static final int SAME_LOCALS_1_STACK_ITEM = 64;
    private static final int SAME_LOCALS_1_STACK_ITEM_EXTENDED = 247;

    final ByteSink code;
    /** End of the range whose exceptions go to the body handler (the call into the agent). */
    final int handoffEnd;
    /** The cast of a reference result and its handler, or -1. */
    final int castStart;
    final int castEnd;
    final int castHandler;
    final int bodyHandler;
    final ByteSink frames = new ByteSink(16);
    final int frameCount;

    PrologueCode(int siteId, int thisClass, boolean isStatic, Type[] parameters, Type returned, ConstantPoolAppender pool) {
        ByteSink p = new ByteSink(32 + 8 * parameters.length);
        pushInt(p, siteId, pool);
        if (thisClass < 256) {
            p.u1(0x12).u1(thisClass); // ldc
        } else {
            p.u1(0x13).u2(thisClass); // ldc_w
        }
        p.u1(isStatic ? 0x01 : 0x2a); // aconst_null | aload_0
        pushInt(p, parameters.length, pool);
        p.u1(0xbd).u2(pool.type(OBJECT)); // anewarray
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < parameters.length; i++) {
            p.u1(0x59); // dup
            pushInt(p, i, pool);
            load(p, parameters[i], slot);
            box(p, parameters[i], pool);
            p.u1(0x53); // aastore
            slot += parameters[i].getSize();
        }
        p.u1(0xb8).u2(pool.method(HANDOFF_DISPATCH, "handoff", HANDOFF_DESCRIPTOR)); // invokestatic
        int handoffEndRaw = p.length();
        p.u1(0x59); // dup
        int branch = p.length();
        p.u1(0xc6).u2(0); // ifnull BODY_HANDLER, patched below
        int castStartRaw = -1;
        int castEndRaw = -1;
        int castHandlerRaw = -1;
        switch (returned.getSort()) {
            case Type.VOID -> p.u1(0xb8).u2(result(pool, "none", "V")).u1(0xb1);
            case Type.LONG -> p.u1(0xb8).u2(result(pool, "longValue", "J")).u1(0xad);
            case Type.FLOAT -> p.u1(0xb8).u2(result(pool, "floatValue", "F")).u1(0xae);
            case Type.DOUBLE -> p.u1(0xb8).u2(result(pool, "doubleValue", "D")).u1(0xaf);
            case Type.OBJECT, Type.ARRAY -> {
                p.u1(0xb8).u2(result(pool, "value", "Ljava/lang/Object;"));
                String type = returned.getInternalName();
                if (!type.equals(OBJECT)) {
                    castStartRaw = p.length();
                    p.u1(0xc0).u2(pool.type(type)); // checkcast
                    castEndRaw = p.length();
                }
                p.u1(0xb0); // areturn
                if (castStartRaw >= 0) {
                    castHandlerRaw = p.length();
                    p.u1(0x57).u1(0x01).u1(0xb0); // pop, aconst_null, areturn
                }
            }
            case Type.BOOLEAN -> p.u1(0xb8).u2(result(pool, "booleanValue", "Z")).u1(0xac);
            case Type.BYTE -> p.u1(0xb8).u2(result(pool, "byteValue", "B")).u1(0xac);
            case Type.CHAR -> p.u1(0xb8).u2(result(pool, "charValue", "C")).u1(0xac);
            case Type.SHORT -> p.u1(0xb8).u2(result(pool, "shortValue", "S")).u1(0xac);
            default -> p.u1(0xb8).u2(result(pool, "intValue", "I")).u1(0xac);
        }
        int bodyHandlerRaw = p.length();
        p.u1(0x57); // pop (the null frame, or what the agent's entry threw)
        p.u2At(branch + 1, bodyHandlerRaw - branch);

        int pad = (4 - p.length() % 4) % 4;
        code = new ByteSink(p.length() + pad);
        for (int i = 0; i < pad; i++) {
            code.u1(0x00); // nop
        }
        code.bytes(p);
        handoffEnd = handoffEndRaw + pad;
        castStart = castStartRaw < 0 ? -1 : castStartRaw + pad;
        castEnd = castEndRaw < 0 ? -1 : castEndRaw + pad;
        castHandler = castHandlerRaw < 0 ? -1 : castHandlerRaw + pad;
        bodyHandler = bodyHandlerRaw + pad;

        int previous = -1;
        int count = 0;
        if (castHandler >= 0) {
            sameLocalsOneItem(castHandler, previous, pool.type("java/lang/Throwable"));
            previous = castHandler;
            count++;
        }
        sameLocalsOneItem(bodyHandler, previous, pool.type(OBJECT)); // a null Frame or a Throwable
        frameCount = count + 1;
    }

    int length() {
        return code.length();
    }

    private void sameLocalsOneItem(int offset, int previous, int type) {
        int delta = previous < 0 ? offset : offset - previous - 1;
        if (delta < 64) {
            frames.u1(SAME_LOCALS_1_STACK_ITEM + delta);
        } else {
            frames.u1(SAME_LOCALS_1_STACK_ITEM_EXTENDED).u2(delta);
        }
        frames.u1(ITEM_OBJECT).u2(type);
    }

    private static int result(ConstantPoolAppender pool, String name, String returnDescriptor) {
        return pool.method(RESULT, name, TAKES_FRAME.concat(returnDescriptor));
    }

    private static void pushInt(ByteSink p, int value, ConstantPoolAppender pool) {
        if (value >= -1 && value <= 5) {
            p.u1(0x03 + value); // iconst_<n>
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            p.u1(0x10).u1(value); // bipush
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            p.u1(0x11).u2(value); // sipush
        } else {
            p.u1(0x13).u2(pool.integer(value)); // ldc_w
        }
    }

    /** {@code xload slot}: the short form for slots 0-3 (parameters never reach slot 256, where the wide form would be needed). */
    private static void load(ByteSink p, Type type, int slot) {
        int opcode;
        int shortForm;
        switch (type.getSort()) {
            case Type.LONG -> { opcode = 0x16; shortForm = 0x1e; }
            case Type.FLOAT -> { opcode = 0x17; shortForm = 0x22; }
            case Type.DOUBLE -> { opcode = 0x18; shortForm = 0x26; }
            case Type.OBJECT, Type.ARRAY -> { opcode = 0x19; shortForm = 0x2a; }
            default -> { opcode = 0x15; shortForm = 0x1a; }
        }
        if (slot <= 3) {
            p.u1(shortForm + slot);
        } else if (slot <= 255) {
            p.u1(opcode).u1(slot);
        } else {
            p.u1(0xc4).u1(opcode).u2(slot); // wide
        }
    }

    /** A primitive becomes its wrapper, as {@code @Advice.AllArguments} passes it. */
    private static void box(ByteSink p, Type type, ConstantPoolAppender pool) {
        String wrapper = WovenBoxing.wrapper(type);
        if (wrapper != null) {
            String descriptor = "(".concat(type.getDescriptor()).concat(")L").concat(wrapper).concat(";");
            p.u1(0xb8).u2(pool.method(wrapper, "valueOf", descriptor));
        }
    }
}
