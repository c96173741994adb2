package dev.resilience.agent.core;

import java.util.ArrayList;

/**
 * The failures of one protected call's attempts: the last one is what the caller gets, the
 * earlier ones go with it as suppressed exceptions, so a retried call loses none of them.
 *
 * <p>Part of a {@link CallExecution}, which owns one and clears it for every call; the list of
 * earlier failures is only made on a second failure, so a call that succeeds or fails once
 * allocates nothing here. Not thread-safe, like its execution.
 */
final class FailureChain {
    private Throwable last;
    private ArrayList<Throwable> earlier;

    void clear() {
        last = null;
        earlier = null;
    }

    /**
     * An attempt failed with {@code error}, which becomes the last failure.
     *
     * @param maxAttempts how many failures the call can have at most, to size the list once
     */
    void record(Throwable error, int maxAttempts) {
        if (last != null) {
            if (earlier == null) {
                earlier = new ArrayList<>(maxAttempts);
            }
            earlier.add(last);
        }
        last = error;
    }

    /** The last failure, or null when no attempt has failed with an exception. */
    Throwable last() {
        return last;
    }

    /** Attaches the earlier failures to the last one as suppressed, once: the call is ending. */
    void attachEarlierToLast() {
        if (earlier != null && last != null) {
            for (Throwable previous : earlier) {
                // a method may throw the same instance again, and no exception can suppress itself
                if (previous != last) {
                    last.addSuppressed(previous);
                }
            }
            earlier = null;
        }
    }
}
