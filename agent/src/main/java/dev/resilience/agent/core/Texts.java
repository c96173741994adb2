package dev.resilience.agent.core;

import java.time.Duration;
import java.util.Locale;

/** Formatting for human-readable transition reasons. Stateless and thread-safe. */
final class Texts {

    private static final int MAX_ERROR_TEXT = 300;

    private Texts() {
    }

    /** 30s, 250ms, 2m, 1h, 1500us: the largest unit that divides the duration evenly. */
    static String duration(Duration duration) {
        return nanos(duration.toNanos());
    }

    static String nanos(long nanos) {
        long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"h", "m", "s", "ms", "us"};
        for (int i = 0; i < units.length; i++) {
            if (nanos != 0 && nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos + "ns";
    }

    /** A time that passed, rounded for a reader: 850ms, 42s, 1m13s, 2h05m. */
    static String elapsed(long nanos) {
        long millis = Math.max(0, nanos / 1_000_000);
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 500) / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + (seconds % 60 < 10 ? "0" : "") + seconds % 60 + "s";
        }
        long minutes = (seconds + 30) / 60;
        return minutes / 60 + "h" + (minutes % 60 < 10 ? "0" : "") + minutes % 60 + "m";
    }

    /** 0.6 -> "60%", 0.125 -> "12.5%". */
    static String percent(double fraction) {
        double p = fraction * 100.0;
        double rounded = Math.rint(p);
        if (Math.abs(p - rounded) < 1e-9) {
            return (long) rounded + "%";
        }
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    /**
     * The error's {@code toString()}, shortened; never throws. An {@code onFailure.exception} the
     * agent made in place of its own failure (same message, the agent's as its cause) is shown as
     * the agent's: the breaker log says what happened, not what the caller was shown.
     */
    static String error(Throwable error) {
        String text;
        try {
            Throwable cause = error == null ? null : error.getCause();
            text = String.valueOf(madeInPlace(error, cause) ? cause : error);
        } catch (Throwable e) { // the application's toString(), getCause() or getMessage(), even an Error: only a log line's text
            text = null;
        }
        if (text == null) { // also a toString() that returns null (audit: the breaker could then never open)
            text = error.getClass().getName();
        }
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }

    /**
     * {@code ", in Class#method(params)"}: where a failure came from; empty for null. After a comma:
     * an exception's own message may say "from" a URL.
     */
    static String in(String method) {
        return method == null ? "" : ", in " + method;
    }

    /**
     * True when the breaker's line would show {@code error} (as {@link #error} picks it) as a
     * failure {@code rule} made itself, whose message names the method already. A nested rule's
     * failure, or the application's own exception wrapping one, names no method of this rule.
     */
    static boolean ownFailureOf(String rule, Throwable error) {
        try {
            Throwable cause = error == null ? null : error.getCause();
            Throwable shown = madeInPlace(error, cause) ? cause : error;
            return shown instanceof dev.resilience.agent.api.AgentFailure own && rule.equals(own.rule());
        } catch (Throwable e) {
            // an application exception's getCause() or getMessage() failed, even with an Error (a cause
            // whose class cannot load): this runs on every failed attempt, and must not end the call
            return false;
        }
    }

    /** An {@code onFailure.exception} the agent made in place of its own failure: same message, the agent's as its cause. */
    private static boolean madeInPlace(Throwable error, Throwable cause) {
        return !(error instanceof dev.resilience.agent.api.AgentFailure)
                && cause instanceof dev.resilience.agent.api.AgentFailure
                && java.util.Objects.equals(error.getMessage(), cause.getMessage());
    }

    static String plural(long count, String singular) {
        return count + " " + singular + (count == 1 ? "" : "s");
    }
}
