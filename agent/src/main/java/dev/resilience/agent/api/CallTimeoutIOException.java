package dev.resilience.agent.api;

/** An attempt exceeded its timeout (method declares IOException): a SocketTimeoutException, as a socket read timeout would be. Thread-safe (immutable once thrown). */
public class CallTimeoutIOException extends java.net.SocketTimeoutException implements AgentFailure {
    private static final long serialVersionUID = 1L;
    private final String rule;
    private final String method;
    private final Reason reason;

    public CallTimeoutIOException(String rule, String method, Reason reason, String message, Throwable cause) {
        super(message);
        this.rule = rule;
        this.method = method;
        this.reason = reason;
        if (cause != null) {
            initCause(cause);
        }
    }

    @Override
    public String rule() {
        return rule;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    /** Records the stack trace only with {@code -Dresilience.stackTraces=true}: see {@link AgentFailure}. */
    @Override
    public Throwable fillInStackTrace() {
        return StackTraces.ENABLED ? super.fillInStackTrace() : this;
    }
}
