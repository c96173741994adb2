package testapp;

/** A per-thread value the caller sets, as an MDC or a transaction would be: bodies report whether they see it. */
public final class RequestContext {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    static void set(String value) {
        CURRENT.set(value);
    }

    static String get() {
        return CURRENT.get();
    }
}
