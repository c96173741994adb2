package dev.resilience.agent.policy;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Suggests the known key or name an operator probably meant: same letters in another case, at most
 * two edits away, or (for policy keys, {@link #forKey}) the name another resilience library or the
 * original design gives it, the only key that completes one cut short, or a key the written one
 * holds or is part of.
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
     * The key of a section an operator probably meant by {@code written}, an unknown key: the same
     * key in other case, the key another library's name for it stands for (checked before spelling,
     * since {@code noRetryOn} is two edits from {@code retryOn} and means its opposite), a key at most
     * two edits away, the only key that completes it, or a key it holds or that holds it.
     */
    public static Optional<String> forKey(String written, Collection<String> known) {
        for (String candidate : known) {
            if (candidate.equalsIgnoreCase(written)) {
                return Optional.of(candidate);
            }
        }
        return named(written, known)
                .or(() -> closest(written, known).filter(k -> mayMean(written, k)))
                .or(() -> completion(written, known).filter(k -> mayMean(written, k)))
                .or(() -> familiar(written, known).filter(k -> mayMean(written, k)));
    }

    /** Parts that turn a key into its opposite: {@code minDelay} is no misspelling of {@code maxDelay}. */
    private static final List<List<String>> OPPOSITES = List.of(
            List.of("min", "max"), List.of("max", "min"), List.of("incl", "excl"), List.of("excl", "incl"));
    /** The keys that take a duration: only these may be written with a unit in their name. */
    private static final Set<String> DURATION_KEYS = Set.of(
            "delay", "maxdelay", "duration", "openduration", "slowcallduration", "maxwait");
    /** Units an operator may write into a key's name ({@code maxDelayMs}). */
    private static final Set<String> UNITS = Set.of(
            "ms", "millis", "milliseconds", "sec", "secs", "seconds", "mins", "minutes");

    /**
     * False when {@code written} cannot mean {@code candidate} however close their spelling: it holds
     * the opposite part ({@code maxPerSecond} for {@code minPerSecond}), or names a unit for a key that
     * takes no duration ({@code slidingWindowSizeSeconds}: the window counts calls, and following
     * the hint would quietly give 60 calls for 60 seconds).
     */
    static boolean mayMean(String written, String candidate) {
        String w = written.toLowerCase(Locale.ROOT);
        String c = candidate.toLowerCase(Locale.ROOT);
        for (List<String> pair : OPPOSITES) {
            if (w.contains(pair.get(0)) && c.contains(pair.get(1)) && !w.contains(pair.get(1))) {
                return false;
            }
        }
        if (DURATION_KEYS.contains(c)) {
            return true;
        }
        for (String unit : UNITS) {
            if (w.endsWith(unit) && !c.endsWith(unit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Names operators bring from Resilience4j, Failsafe, Spring Retry and the TypeScript design this
     * agent replaces, lower-cased, each with the keys it may mean here, in order of likelihood: the
     * first one the section knows is suggested. Names whose meaning has no key here (Resilience4j's
     * {@code recordExceptions}, an {@code abortOnStatus}) are left out: the section's key list
     * serves better than a wrong guess.
     */
    private static final Map<String, List<String>> NAMED = Map.ofEntries(
            Map.entry("retries", List.of("maxAttempts", "retry")),
            Map.entry("retryattempts", List.of("maxAttempts", "retry")),
            Map.entry("maxretries", List.of("maxAttempts")),
            Map.entry("waitduration", List.of("delay")),
            Map.entry("initialdelay", List.of("delay")),
            Map.entry("backoff", List.of("delay")),
            Map.entry("factor", List.of("multiplier")),
            Map.entry("backoffmultiplier", List.of("multiplier")),
            Map.entry("maxretrydelay", List.of("maxDelay")),
            Map.entry("maxbackoff", List.of("maxDelay")),
            Map.entry("backoffdelaymax", List.of("maxDelay")),
            Map.entry("maxinterval", List.of("maxDelay")),
            Map.entry("retryexceptions", List.of("retryOn")),
            Map.entry("ignoreexceptions", List.of("ignoreOn", "abortOn")),
            Map.entry("noretryon", List.of("abortOn")),
            Map.entry("donotretryon", List.of("abortOn")),
            Map.entry("noretryfor", List.of("abortOn")),
            Map.entry("abortonexceptions", List.of("abortOn")),
            Map.entry("timelimiter", List.of("timeout")),
            Map.entry("timeoutduration", List.of("duration", "timeout")),
            Map.entry("timeoutms", List.of("duration", "timeout")),
            Map.entry("threshold", List.of("failureThreshold")),
            Map.entry("mincalls", List.of("minimumCalls")),
            Map.entry("minimumnumberofcalls", List.of("minimumCalls")),
            Map.entry("slowcalldurationthreshold", List.of("slowCallDuration")),
            Map.entry("waitdurationinopenstate", List.of("openDuration")),
            Map.entry("resettimeout", List.of("openDuration")),
            Map.entry("resettimeoutms", List.of("openDuration")),
            Map.entry("permittednumberofcallsinhalfopenstate", List.of("halfOpenCalls")),
            Map.entry("maxconcurrentcalls", List.of("maxConcurrent")),
            Map.entry("maxwaitduration", List.of("maxWait")),
            Map.entry("subclassof", List.of("subtypeOf")),
            Map.entry("subclassesof", List.of("subtypeOf")),
            Map.entry("superclass", List.of("subtypeOf")),
            Map.entry("supertype", List.of("subtypeOf")),
            Map.entry("extends", List.of("subtypeOf")),
            Map.entry("implements", List.of("subtypeOf")),
            Map.entry("interface", List.of("subtypeOf")),
            Map.entry("annotation", List.of("annotatedWith")),
            Map.entry("classannotation", List.of("annotatedWith")),
            Map.entry("annotatedby", List.of("annotatedWith")),
            Map.entry("excludemethods", List.of("exclude")),
            Map.entry("excludedmethods", List.of("exclude")),
            Map.entry("excludes", List.of("exclude")),
            Map.entry("include", List.of("methods")),
            Map.entry("includes", List.of("methods")),
            Map.entry("includemethods", List.of("methods")),
            Map.entry("mindelay", List.of("delay")),
            Map.entry("minbackoff", List.of("delay")),
            Map.entry("initialbackoff", List.of("delay")),
            Map.entry("initialinterval", List.of("delay")),
            Map.entry("basedelay", List.of("delay")),
            Map.entry("firstdelay", List.of("delay")),
            Map.entry("maxretryattempts", List.of("maxAttempts")),
            Map.entry("numretries", List.of("maxAttempts")),
            Map.entry("retrycount", List.of("maxAttempts")),
            Map.entry("halfopenmaxcalls", List.of("halfOpenCalls")),
            Map.entry("sleepwindowinmilliseconds", List.of("openDuration")),
            Map.entry("errorthresholdpercentage", List.of("failureRateThreshold")),
            Map.entry("requestvolumethreshold", List.of("minimumCalls")),
            Map.entry("fallbackmethod", List.of("method")));
    /**
     * What may surround a key without changing what it names: a unit, or a word for "the settings
     * of" ({@code maxDelayMs}, {@code retryPolicy}). Anything else ({@code maxRetryDelay},
     * {@code abortOnStatus}) may change it: such a key gets no suggestion from the key it holds.
     */
    private static final Set<String> NOISE = Set.of(
            "", "ms", "millis", "milliseconds", "sec", "secs", "seconds", "duration", "config", "configuration",
            "policy", "settings", "options");
    /** Shortest part of a key worth matching inside another: below it, parts match by accident. */
    private static final int MIN_PART = 5;

    /** The keys another library's (or the original design's) name {@code written} may stand for, likeliest first. */
    static List<String> namesFor(String written) {
        return NAMED.getOrDefault(written.toLowerCase(Locale.ROOT), List.of());
    }

    /** The key another library's (or the original design's) name {@code written} stands for, if the section knows it. */
    public static Optional<String> named(String written, Collection<String> known) {
        for (String meant : NAMED.getOrDefault(written.toLowerCase(Locale.ROOT), List.of())) {
            if (known.contains(meant)) {
                return Optional.of(meant);
            }
        }
        return Optional.empty();
    }

    /**
     * The key {@code written} probably stands for when it is no misspelling: another library's name
     * for it ({@code waitDurationInOpenState}: {@code openDuration}), else the known key it holds with
     * only a unit or the like around it ({@code retryPolicy}: {@code retry}), else the only known key
     * that holds it ({@code window}: {@code slidingWindowSize}); empty when none fits, or when two fit
     * equally.
     */
    public static Optional<String> familiar(String written, Collection<String> known) {
        Optional<String> named = named(written, known);
        if (named.isPresent()) {
            return named;
        }
        String lower = written.toLowerCase(Locale.ROOT);
        String held = null;
        boolean tied = false;
        for (String candidate : known) {
            if (candidate.length() < MIN_PART || !holdsWithNoiseOnly(lower, candidate.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (held == null || candidate.length() > held.length()) {
                held = candidate;
                tied = false;
            } else if (candidate.length() == held.length()) {
                tied = true;
            }
        }
        if (held != null || lower.length() < MIN_PART) {
            return tied ? Optional.empty() : Optional.ofNullable(held);
        }
        String holder = null;
        for (String candidate : known) {
            if (candidate.toLowerCase(Locale.ROOT).contains(lower)) {
                if (holder != null) {
                    return Optional.empty();
                }
                holder = candidate;
            }
        }
        return Optional.ofNullable(holder);
    }

    private static boolean holdsWithNoiseOnly(String written, String key) {
        int at = written.indexOf(key);
        return at >= 0 && NOISE.contains(written.substring(0, at)) && NOISE.contains(written.substring(at + key.length()));
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
