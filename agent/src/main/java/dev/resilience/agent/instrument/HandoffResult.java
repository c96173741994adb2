package dev.resilience.agent.instrument;

/**
 * What a hand-off call gave, as the method returns it: the code {@link HandoffPrologue} puts in
 * front of a method calls one of these when {@link HandoffDispatch#handoff} ran the call, and
 * returns what it returns. The call's exception is thrown as it is, checked or not. A value that
 * is not of the return type's wrapper (never on purpose: fallbacks are fitted to the return type
 * when the method is instrumented) gives the type's default, as the full weaver's dropped cast
 * does. Nothing here can fail but the call of it (a stack overflow at that very depth, which the
 * application would have met a frame later). Public only because the woven code in the
 * application's classes calls it. Stateless.
 */
public final class HandoffResult {
    private HandoffResult() {
    }

    /** For reference return types; the caller casts it. */
    public static Object value(Frame frame) {
        Throwable error = frame.takeError();
        if (error != null) {
            throw Sneaky.<RuntimeException>rethrow(error);
        }
        return frame.takeValue();
    }

    public static void none(Frame frame) {
        value(frame);
    }

    public static int intValue(Frame frame) {
        return value(frame) instanceof Integer value ? value : 0;
    }

    public static boolean booleanValue(Frame frame) {
        return value(frame) instanceof Boolean value && value;
    }

    public static byte byteValue(Frame frame) {
        return value(frame) instanceof Byte value ? value : 0;
    }

    public static char charValue(Frame frame) {
        return value(frame) instanceof Character value ? value : 0;
    }

    public static short shortValue(Frame frame) {
        return value(frame) instanceof Short value ? value : 0;
    }

    public static long longValue(Frame frame) {
        return value(frame) instanceof Long value ? value : 0L;
    }

    public static float floatValue(Frame frame) {
        return value(frame) instanceof Float value ? value : 0f;
    }

    public static double doubleValue(Frame frame) {
        return value(frame) instanceof Double value ? value : 0d;
    }
}
