package dev.resilience.agent.core;

/** Stands for a failing HTTP status in breaker reasons; no stack trace, it is not thrown. */
final class HttpStatusFailure extends Exception {
    private static final long serialVersionUID = 1L;

    HttpStatusFailure(int status) {
        super("HTTP status " + status, null, false, false);
    }

    /** "HTTP status 503": the agent's own class name told an operator reading the breaker's reason nothing. */
    @Override
    public String toString() {
        return getMessage();
    }
}
