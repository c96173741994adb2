package dev.resilience.agent.api;

/** Thrown instead of calling a method whose circuit is open (method declares IOException). Thread-safe (immutable once thrown). */
public class CircuitOpenIOException extends java.io.IOException implements AgentFailure {
    private static final long serialVersionUID = 1L;
    private final String rule;
    private final String method;
    private final Reason reason;

    public CircuitOpenIOException(String rule, String method, Reason reason, String message, Throwable cause) {
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
