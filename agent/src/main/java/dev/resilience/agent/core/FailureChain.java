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
    /**
     * Most suppressed exceptions an exception thrown again and again (a pre-allocated instance) is
     * given over all the calls it ends: without a bound, each call would add its earlier failures to
     * the same instance for as long as the application runs.
     */
    static final int MAX_SUPPRESSED = 64;

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

    /** The call ends with {@code shown} in place of the last failure (not kept among the earlier ones). */
    void replaceLast(Throwable shown) {
        last = shown;
    }

    /** The last failure, or null when no attempt has failed with an exception. */
    Throwable last() {
        return last;
    }

    /**
     * Attaches the earlier failures to the last one as suppressed, once: the call is ending. One
     * the last already carries (the same instances thrown again) is not attached twice.
     */
    void attachEarlierToLast() {
        if (earlier != null && last != null) {
            Throwable[] already = last.getSuppressed();
            int room = Math.max(MAX_SUPPRESSED, earlier.size()) - already.length;
            for (int i = 0; i < earlier.size(); i++) {
                Throwable previous = earlier.get(i);
                // a method may throw the same instance again, and no exception can suppress itself
                if (room > 0 && previous != last && !carries(already, previous) && firstIndexOf(previous) == i) {
                    last.addSuppressed(previous);
                    room--;
                }
            }
            earlier = null;
        }
    }

    /** Compared by identity: an application's {@code equals} may say two failures are one, or throw (audit). */
    private int firstIndexOf(Throwable failure) {
        for (int i = 0; i < earlier.size(); i++) {
            if (earlier.get(i) == failure) {
                return i;
            }
        }
        return -1;
    }

    private static boolean carries(Throwable[] suppressed, Throwable candidate) {
        for (Throwable s : suppressed) {
            if (s == candidate) {
                return true;
            }
        }
        return false;
    }
}
