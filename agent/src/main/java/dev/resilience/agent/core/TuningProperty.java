package dev.resilience.agent.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the agent's {@code -D} tuning settings, which live outside the policy file. A value that
 * is not a whole number in range is replaced by the default, and {@link #problems()} names it for
 * the start-up log: {@code Long.getLong} would drop a typo silently, and a value out of range
 * made the first protected call fail inside the agent (audit: {@code maxThreads=0}). Immutable.
 */
public record TuningProperty(String name, long defaultValue, long min, long max) {
    public static final TuningProperty MAX_TIMEOUT_THREADS =
            new TuningProperty("resilience.timeout.maxThreads", 256, 1, Integer.MAX_VALUE);
    /** Its default is {@code HandoffWait.DEFAULT_SPIN_NANOS}, written out: naming it would load that class in premain. */
    public static final TuningProperty SPIN_MICROS =
            new TuningProperty("resilience.timeout.spinMicros", 50, 0, 100_000);
    public static final TuningProperty RELOAD_INTERVAL_MILLIS =
            new TuningProperty("resilience.reload.intervalMillis", 500, 1, 3_600_000);
    public static final TuningProperty STARTUP_CHECK_MILLIS =
            new TuningProperty("resilience.startupCheckMillis", 30_000, 0, Long.MAX_VALUE / 1_000_000);
    private static final List<TuningProperty> ALL =
            List.of(MAX_TIMEOUT_THREADS, SPIN_MICROS, RELOAD_INTERVAL_MILLIS, STARTUP_CHECK_MILLIS);
    /** The one boolean setting; {@code Boolean.getBoolean} reads anything but "true" as false. */
    private static final String STACK_TRACES = "resilience.stackTraces";

    /** The setting's value: the system property when it is a whole number in range, else the default. */
    public long value() {
        return valueOf(System.getProperty(name));
    }

    long valueOf(String text) {
        Long parsed = parse(text);
        return parsed != null && parsed >= min && parsed <= max ? parsed : defaultValue;
    }

    /** What is wrong with the property's value, in words for the log; null when it is unset or fine. */
    String problem(String text) {
        if (text == null) {
            return null;
        }
        Long parsed = parse(text);
        if (parsed != null && parsed >= min && parsed <= max) {
            return null;
        }
        String range = max >= Integer.MAX_VALUE ? "from " + min : "from " + min + " to " + max;
        return "-D" + name + "=" + text + " is not taken: it must be a whole number " + range
                + "; the default, " + defaultValue + ", is used";
    }

    private static Long parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Every tuning setting set to a value the agent does not take, one message each, for the start-up log. */
    public static List<String> problems() {
        List<String> problems = new ArrayList<>(0);
        for (TuningProperty property : ALL) {
            String problem = property.problem(System.getProperty(property.name));
            if (problem != null) {
                problems.add(problem);
            }
        }
        String stackTraces = System.getProperty(STACK_TRACES);
        if (stackTraces != null && !stackTraces.equalsIgnoreCase("true") && !stackTraces.equalsIgnoreCase("false")) {
            problems.add("-D" + STACK_TRACES + "=" + stackTraces + " is read as false: it takes true or false");
        }
        return problems;
    }
}
