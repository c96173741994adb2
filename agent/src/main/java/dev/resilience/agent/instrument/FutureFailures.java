package dev.resilience.agent.instrument;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed future carries under its wrappers. Stateless. */
final class FutureFailures {
    /** More wrappers than any real chain has (they nest once per stage or executor a failure crosses). */
    private static final int MAX_WRAPPERS = 64;

    private FutureFailures() {
    }

    /**
     * The failure a future's wrappers ({@code CompletionException}, {@code ExecutionException})
     * carry, classified by its cause as the contract says. A chain may loop (the JDK lets a cause be
     * set to an exception whose cause is the first, or {@code getCause()} return {@code this}): past
     * {@link #MAX_WRAPPERS} wrappers the failure is classified as the future gave it, rather than
     * spinning on the caller's thread for ever (audit).
     */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; depth < MAX_WRAPPERS; depth++) {
            if (!(cause instanceof CompletionException || cause instanceof ExecutionException)) {
                return cause;
            }
            Throwable next = cause.getCause();
            if (next == null || next == cause) {
                return cause;
            }
            cause = next;
        }
        return error;
    }
}
