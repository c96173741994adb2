package dev.resilience.agent.log;

import java.io.PrintStream;

/**
 * The agent's own logger: {@code [resilience-agent] LEVEL message} lines on stderr, filtered by
 * {@link AgentLog#level()}. It is deliberately not SLF4J: looking SLF4J up (its service loader,
 * substitute and fallback providers) loaded about 30 classes and spun lambda classes in
 * {@code premain}, start-up cost the application paid for a handful of lines (issue 8). The
 * bundled, relocated SLF4J binding ({@link StderrLoggingProvider}) prints through {@link #log} too.
 * Stateless and thread-safe.
 */
public final class AgentLogger {
    static final AgentLogger INSTANCE = new AgentLogger();

    private AgentLogger() {
    }

    public boolean isDebugEnabled() {
        return AgentLog.enabled(AgentLog.Level.DEBUG);
    }

    public void debug(String message) {
        log(AgentLog.Level.DEBUG, message, null);
    }

    public void info(String message) {
        log(AgentLog.Level.INFO, message, null);
    }

    public void warn(String message) {
        log(AgentLog.Level.WARN, message, null);
    }

    public void error(String message) {
        log(AgentLog.Level.ERROR, message, null);
    }

    public void error(String message, Throwable error) {
        log(AgentLog.Level.ERROR, message, error);
    }

    /** Prints one line (and {@code error}'s stack trace, if any) when {@code level} is enabled. */
    static void log(AgentLog.Level level, String message, Throwable error) {
        if (!AgentLog.enabled(level)) {
            return;
        }
        // Escaped: messages quote text from outside (an exception message from a remote service in a
        // breaker's reason), which must not forge a log line of its own.
        String line = "[" + AgentLog.NAME + "] " + level.name() + " " + LogText.printable(String.valueOf(message));
        PrintStream err = System.err;
        // One write per line so concurrent lines from several threads do not interleave.
        byte[] ascii = asciiLine(line);
        if (ascii != null) {
            // Bytes, not println: println's character encoding ran about 3x slower, still interpreted, on
            // the thread loading each instrumented class (issue 8). ASCII reads the same in any charset
            // stderr may use; other text takes println and the stream's own charset.
            err.write(ascii, 0, ascii.length);
        } else {
            err.println(line);
        }
        if (error != null) {
            error.printStackTrace(err);
        }
    }

    /** The line and its line separator as bytes, or null when the line is not all ASCII. */
    static byte[] asciiLine(String line) {
        String separator = System.lineSeparator();
        byte[] bytes = new byte[line.length() + separator.length()];
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        for (int i = 0; i < separator.length(); i++) {
            bytes[line.length() + i] = (byte) separator.charAt(i);
        }
        return bytes;
    }
}
