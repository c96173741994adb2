package com.example.orchestrator.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's shutdown summary from the forked JVM's stderr, one line per rule, e.g.
 * {@code [resilience-agent] INFO summary rule whisper: successes=3 failures=2 retryAttempts=6 timeouts=4 ...}
 * (the agent's docs/metrics.md, "Shutdown summary"). These are the figures only the agent knows,
 * such as attempts that timed out and were then retried. Stateless and thread-safe.
 */
public final class SummaryLog {
    /** Groups: 1 rule, 2 the {@code name=value} fields. */
    static final Pattern LINE = Pattern.compile("^\\[resilience-agent\\] INFO summary rule ([^:\\s]+): (.*)$");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z]+)=(\\d+)");

    private SummaryLog() {}

    /** The rule's figures on {@code line} by name, or null when the line is not a summary line. */
    public static Map.Entry<String, Map<String, Long>> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) return null;
        Map<String, Long> figures = new LinkedHashMap<>();
        Matcher f = FIELD.matcher(m.group(2));
        while (f.find()) figures.put(f.group(1), Long.parseLong(f.group(2)));
        return Map.entry(m.group(1), Map.copyOf(figures));
    }
}
