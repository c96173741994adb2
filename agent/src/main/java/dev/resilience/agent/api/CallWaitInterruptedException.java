package dev.resilience.agent.api;

/**
 * The caller was interrupted while the agent waited for the method's worker, and the method declares
 * {@link InterruptedException} (this type is chosen over {@link CallInterruptedIOException} when it
 * declares an IOException too): the caller's own {@code catch (InterruptedException e)} handles it.
 * Thread-safe (immutable once thrown).
 */
public class CallWaitInterruptedException extends InterruptedException implements AgentFailure {
    private static final long serialVersionUID = 1L;
    private final String rule;
    private final String method;
    private final Reason reason;

    public CallWaitInterruptedException(String rule, String method, Reason reason, String message, Throwable cause) {
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
