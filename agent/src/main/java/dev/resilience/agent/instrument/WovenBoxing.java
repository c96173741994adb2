package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Between a primitive and {@code Object} in the code {@link WovenMethod} writes: arguments boxed
 * into the hand-off's array, as {@code @Advice.AllArguments} passes them, and a value taken from
 * the agent (a retried or fallback result) cast and unboxed to the return type, as Byte Buddy's
 * dynamic typing assigns it. Descriptors are built with {@code String.concat}: one call rather than
 * the StringBuilder chain "+" compiles to here, while the weaver runs interpreted (see
 * {@link WovenMethod}). Stateless.
 */
final class WovenBoxing {
    private static final String OBJECT = "java/lang/Object";

    private WovenBoxing() {
    }

    /** A value of {@code type} on the stack becomes an {@code Object} (unchanged for references). */
    static void box(MethodVisitor out, Type type) {
        String wrapper = wrapper(type);
        if (wrapper != null) {
            String descriptor = "(".concat(type.getDescriptor()).concat(")L").concat(wrapper).concat(";");
            out.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf", descriptor, false);
        }
    }

    /** An {@code Object} on the stack becomes a value of {@code type}: a cast, and unboxing for primitives. */
    static void unbox(MethodVisitor out, Type type) {
        String wrapper = wrapper(type);
        if (wrapper != null) {
            out.visitTypeInsn(Opcodes.CHECKCAST, wrapper);
            out.visitMethodInsn(Opcodes.INVOKEVIRTUAL, wrapper, type.getClassName().concat("Value"),
                    "()".concat(type.getDescriptor()), false);
        } else if (!type.getInternalName().equals(OBJECT)) {
            out.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
        }
    }

    /** The wrapper class of a primitive type (internal name), or null for a reference type. */
    static String wrapper(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.CHAR -> "java/lang/Character";
            case Type.BYTE -> "java/lang/Byte";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.FLOAT -> "java/lang/Float";
            case Type.LONG -> "java/lang/Long";
            case Type.DOUBLE -> "java/lang/Double";
            default -> null;
        };
    }
}
