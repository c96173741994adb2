package dev.resilience.agent.api;

/**
 * Whether the agent's own exceptions record a stack trace. By default they do not: an open circuit
 * may reject thousands of calls a second, and filling in the trace was most of a rejection's cost
 * (about 0.6 µs and 700 bytes at a shallow stack, more in deep ones), while the message already
 * names the rule and the method. {@code -Dresilience.stackTraces=true} brings the traces back,
 * e.g. to see which caller hit an open circuit. Read once, when the first such exception is made.
 */
final class StackTraces {
    static final String PROPERTY = "resilience.stackTraces";
    static final boolean ENABLED = read();

    private StackTraces() {
    }

    private static boolean read() {
        try {
            return Boolean.getBoolean(PROPERTY);
        } catch (SecurityException e) {
            return false;
        }
    }
}
