package com.example.orchestrator.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads breaker state changes from the agent's log lines on the forked JVM's stderr, e.g.
 * {@code [resilience-agent] WARN breaker whisper CLOSED -> OPEN (3 consecutive failures)}.
 *
 * <p>Tolerant on purpose, as the agent's exact wording may still move: anything between the
 * {@code [resilience-agent]} prefix and the word {@code breaker}, an optional colon or quotes
 * around the rule name, {@code ->}, {@code →} or {@code to} between the states, an optional
 * reason in parentheses. If the format changes, {@link #PATTERN} is the one place to adjust.
 *
 * <p>Stateless and thread-safe.
 */
public final class BreakerLog {
    /** Groups: 1 rule, 2 from-state, 3 to-state, 4 reason (optional). */
    public static final Pattern PATTERN = Pattern.compile(
            "^\\[resilience-agent\\].*?\\bbreaker\\s+['\"]?([a-z0-9][a-z0-9_-]*)['\"]?:?\\s+"
                    + "(CLOSED|OPEN|HALF_OPEN)\\s*(?:->|→|to)\\s*(CLOSED|OPEN|HALF_OPEN)\\b\\s*(?:\\((.*)\\))?",
            Pattern.CASE_INSENSITIVE);

    public static final String PREFIX = "[resilience-agent]";

    private BreakerLog() {}

    /** A breaker state change seen at {@code atEpochMs} (when the line was read, or 0 if unknown). */
    public record Transition(long atEpochMs, String rule, String from, String to, String reason) {
        public boolean opened() {
            return to.equals("OPEN");
        }

        /** A reset, as the seed counts them: HALF_OPEN -> CLOSED. */
        public boolean reset() {
            return from.equals("HALF_OPEN") && to.equals("CLOSED");
        }
    }

    /** The transition on {@code line}, or null when the line is not one. */
    public static Transition parse(String line, long atEpochMs) {
        Matcher m = PATTERN.matcher(line.strip());
        if (!m.find()) return null;
        return new Transition(atEpochMs, m.group(1).toLowerCase(Locale.ROOT), m.group(2).toUpperCase(Locale.ROOT),
                m.group(3).toUpperCase(Locale.ROOT), m.group(4));
    }

    public static List<Transition> parseAll(List<String> lines) {
        List<Transition> out = new ArrayList<>();
        for (String line : lines) {
            Transition t = parse(line, 0);
            if (t != null) out.add(t);
        }
        return out;
    }

    /** The service a rule protects: rules are named after their service ("storage-upload" -> "storage"). */
    public static String serviceOf(String rule, List<String> services) {
        for (String s : services) {
            if (rule.equals(s) || rule.startsWith(s + "-") || rule.startsWith(s + "_")) return s;
        }
        return null;
    }
}
