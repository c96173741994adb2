package dev.resilience.agent.instrument;

/**
 * What a hand-off call gave, as the method returns it: the code {@link HandoffPrologue} puts in
 * front of a method calls one of these when {@link HandoffDispatch#handoff} ran the call, and
 * returns what it returns. The call's exception is thrown as it is, checked or not. A value that
 * does not fit the return type (never on purpose: fallbacks are checked when the method is
 * instrumented) gives the type's default, as the advice's dropped exceptions do. Public only because
 * the woven code in the application's classes calls it. Stateless.
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

    /** For {@code int}, and for {@code boolean}, {@code byte}, {@code char} and {@code short}, which return as an int. */
    public static int intValue(Frame frame) {
        Object value = value(frame);
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        return value instanceof Character c ? c : 0;
    }

    public static long longValue(Frame frame) {
        return value(frame) instanceof Number number ? number.longValue() : 0L;
    }

    public static float floatValue(Frame frame) {
        return value(frame) instanceof Number number ? number.floatValue() : 0f;
    }

    public static double doubleValue(Frame frame) {
        return value(frame) instanceof Number number ? number.doubleValue() : 0d;
    }
}
