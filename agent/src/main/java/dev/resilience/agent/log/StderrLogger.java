package dev.resilience.agent.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The relocated SLF4J's logger for the name {@link AgentLog#NAME}: prints through {@link AgentLogger},
 * so a library bundled in the agent that logs to that name looks like the agent's own lines. The
 * agent itself logs through {@link AgentLogger} directly. Thread-safe.
 */
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
        String message = String.valueOf(MessageFormatter.basicArrayFormat(pattern, arguments));
        // TRACE never gets here: isTraceEnabled() is false.
        AgentLogger.log(level == Level.TRACE ? AgentLog.Level.DEBUG : AgentLog.Level.valueOf(level.name()), message, throwable);
    }
}
