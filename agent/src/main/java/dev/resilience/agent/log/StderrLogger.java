package dev.resilience.agent.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;

/** Writes {@code [resilience-agent] LEVEL message} lines to stderr, filtered by {@link AgentLog#level()}. Thread-safe. */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    StderrLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return AgentLog.enabled(AgentLog.Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return AgentLog.enabled(AgentLog.Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return AgentLog.enabled(AgentLog.Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return AgentLog.enabled(AgentLog.Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        // Escaped: messages quote text from outside (an exception message from a remote service in a
        // breaker's reason), which must not forge a log line of its own.
        String message = LogText.printable(String.valueOf(MessageFormatter.basicArrayFormat(pattern, arguments)));
        PrintStream err = System.err;
        // One println per line so concurrent lines from several threads do not interleave.
        err.println("[" + AgentLog.NAME + "] " + level + " " + message);
        if (throwable != null) {
            throwable.printStackTrace(err);
        }
    }
}
