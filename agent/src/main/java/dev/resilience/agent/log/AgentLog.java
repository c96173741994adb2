package dev.resilience.agent.log;

/**
 * The agent's logger: every line goes to stderr as {@code [resilience-agent] LEVEL message}, so an
 * operator can grep it out of the application's own output. The level comes from the agent
 * argument {@code log=error|warn|info|debug} (default info). Thread-safe.
 */
public final class AgentLog {
    /** The one logger name the agent uses, printed as the prefix of every line. */
    public static final String NAME = "resilience-agent";

    private static volatile Level level = Level.INFO;

    /** Severity, most severe first. */
    public enum Level { ERROR, WARN, INFO, DEBUG }

    private AgentLog() {
    }

    public static AgentLogger logger() {
        return AgentLogger.INSTANCE;
    }

    public static void setLevel(Level newLevel) {
        level = newLevel;
    }

    public static Level level() {
        return level;
    }

    public static boolean enabled(Level candidate) {
        return candidate.ordinal() <= level.ordinal();
    }

    /** Parses {@code error|warn|info|debug}; null when the text is none of them. */
    public static Level parse(String text) {
        for (Level candidate : Level.values()) {
            if (candidate.name().equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        return null;
    }
}
