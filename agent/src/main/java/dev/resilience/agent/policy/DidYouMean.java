package dev.resilience.agent.policy;

import java.util.Collection;
import java.util.Optional;

/**
 * Suggests the known key an operator probably meant: same letters in another case, at most two
 * edits away, or (for policy keys) the only key that completes one cut short.
 */
public final class DidYouMean {
    private static final int MAX_EDITS = 2;
    /** Below this a key cut short could be the start of anything. */
    private static final int MIN_COMPLETED = 4;

    private DidYouMean() { }

    public static Optional<String> closest(String written, Collection<String> known) {
        for (String candidate : known) {
            if (candidate.equalsIgnoreCase(written)) {
                return Optional.of(candidate);
            }
        }
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : known) {
            int distance = editDistance(written.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The one known key that begins with {@code written}, a key cut short ({@code slidingWindow}
     * for {@code slidingWindowSize}, more than two edits away); empty when none or several do, or
     * when {@code written} is too short to say.
     */
    public static Optional<String> completion(String written, Collection<String> known) {
        if (written.length() < MIN_COMPLETED) {
            return Optional.empty();
        }
        String found = null;
        for (String candidate : known) {
            if (candidate.regionMatches(true, 0, written, 0, written.length())) {
                if (found != null) {
                    return Optional.empty();
                }
                found = candidate;
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code "; did you mean `x`?"} or an empty string. */
    static String hint(String written, Collection<String> known) {
        return closest(written, known).map(k -> "; did you mean `" + k + "`?").orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
