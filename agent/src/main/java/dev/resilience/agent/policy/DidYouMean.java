package dev.resilience.agent.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Suggests the known key an operator probably meant: same letters in another case, at most two
 * edits away, or (for policy keys) the only key that completes one cut short, the name another
 * resilience library or the original design gives it, or a key the written one holds or is part of.
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

    /**
     * Names operators bring from Resilience4j, Failsafe and the TypeScript design this agent replaces,
     * lower-cased, each with the keys it may mean here, in order of likelihood: the first one the
     * section knows is suggested.
     */
    private static final Map<String, List<String>> FAMILIAR = Map.ofEntries(
            Map.entry("retries", List.of("maxAttempts", "retry")),
            Map.entry("retryattempts", List.of("maxAttempts", "retry")),
            Map.entry("maxretries", List.of("maxAttempts")),
            Map.entry("waitduration", List.of("delay")),
            Map.entry("initialdelay", List.of("delay")),
            Map.entry("backoff", List.of("delay")),
            Map.entry("factor", List.of("multiplier")),
            Map.entry("retryexceptions", List.of("retryOn")),
            Map.entry("ignoreexceptions", List.of("ignoreOn", "abortOn")),
            Map.entry("timeoutduration", List.of("duration", "timeout")),
            Map.entry("timeoutms", List.of("duration", "timeout")),
            Map.entry("threshold", List.of("failureThreshold")),
            Map.entry("mincalls", List.of("minimumCalls")),
            Map.entry("minimumnumberofcalls", List.of("minimumCalls")),
            Map.entry("waitdurationinopenstate", List.of("openDuration")),
            Map.entry("resettimeout", List.of("openDuration")),
            Map.entry("resettimeoutms", List.of("openDuration")),
            Map.entry("permittednumberofcallsinhalfopenstate", List.of("halfOpenCalls")),
            Map.entry("maxconcurrentcalls", List.of("maxConcurrent")),
            Map.entry("maxwaitduration", List.of("maxWait")));
    /** Shortest part of a key worth matching inside another: below it, parts match by accident. */
    private static final int MIN_PART = 5;

    /**
     * The key {@code written} probably stands for when it is no misspelling: the name another library
     * gives it ({@code waitDurationInOpenState}: {@code openDuration}), else the longest known key it
     * holds ({@code maxDelayMs}: {@code maxDelay}), else the only known key that holds it
     * ({@code window}: {@code slidingWindowSize}); empty when none fits.
     */
    public static Optional<String> familiar(String written, Collection<String> known) {
        String lower = written.toLowerCase(java.util.Locale.ROOT);
        for (String meant : FAMILIAR.getOrDefault(lower, List.of())) {
            if (known.contains(meant)) {
                return Optional.of(meant);
            }
        }
        String held = null;
        for (String candidate : known) {
            if (candidate.length() >= MIN_PART && lower.contains(candidate.toLowerCase(java.util.Locale.ROOT))
                    && (held == null || candidate.length() > held.length())) {
                held = candidate;
            }
        }
        if (held != null || lower.length() < MIN_PART) {
            return Optional.ofNullable(held);
        }
        String holder = null;
        for (String candidate : known) {
            if (candidate.toLowerCase(java.util.Locale.ROOT).contains(lower)) {
                if (holder != null) {
                    return Optional.empty();
                }
                holder = candidate;
            }
        }
        return Optional.ofNullable(holder);
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
