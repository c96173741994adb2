package testapp;

/** Static fallback methods a policy names as {@code fallback.method}. */
public final class Fallbacks {
    private Fallbacks() {
    }

    /** Same parameters as CatalogClient#summary. */
    public static String cachedSummary(String path) {
        return "cached summary of " + path;
    }

    /** Same parameters plus the failure. */
    public static String labelAfter(String path, Throwable failure) {
        return "no label for " + path + " (" + failure.getClass().getName() + ")";
    }

    /** A fallback that fails itself: its exception is what the caller sees. */
    public static String broken(String path) {
        throw new IllegalStateException("fallback for " + path + " failed too");
    }
}
