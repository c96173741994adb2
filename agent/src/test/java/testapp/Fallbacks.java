package testapp;

/** Static fallback methods a policy names as {@code fallback.method}. */
public final class Fallbacks {
    private Fallbacks() {
    }

    /** No count known: null, for a method returning int (Java would throw NullPointerException unboxing it). */
    public static Integer unknownLength(String path) {
        return null;
    }

    /** For an async method: which thread ran the fallback. */
    public static java.util.concurrent.CompletableFuture<String> threadName(String path) {
        return java.util.concurrent.CompletableFuture.completedFuture("fallback on " + Thread.currentThread().getName());
    }

    /** For an async method: a fallback whose own future fails. */
    public static java.util.concurrent.CompletableFuture<String> failedToo(String path) {
        return java.util.concurrent.CompletableFuture.failedFuture(new java.io.IOException("fallback down too"));
    }

    /** Same parameters as CatalogClient#summary. */
    public static String cachedSummary(String path) {
        return "cached summary of " + path;
    }

    /** Same parameters plus the failure. */
    public static String labelAfter(String path, Throwable failure) {
        return "no label for " + path + " (" + failure.getClass().getName() + ")";
    }

    /** Same parameters plus the failure, declared {@code Exception}. */
    public static String labelAfterException(String path, Exception failure) {
        return "no label for " + path + " (" + failure.getClass().getName() + ")";
    }

    /** Declines whatever it is given, as a "rethrow what I cannot serve" fallback does. */
    public static String declineException(String path, Exception failure) throws Exception {
        throw failure;
    }

    /** The same, taking the failure as Throwable. */
    public static String declineThrowable(String path, Throwable failure) throws Throwable {
        throw failure;
    }

    /** A fallback that fails itself: its exception is what the caller sees. */
    public static String broken(String path) {
        throw new IllegalStateException("fallback for " + path + " failed too");
    }
}
