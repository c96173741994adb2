package dev.resilience.agent.core;

/** Stands for a failing HTTP status in breaker reasons; no stack trace, it is not thrown. */
final class HttpStatusFailure extends Exception {
    private static final long serialVersionUID = 1L;

    HttpStatusFailure(int status) {
        super("HTTP status " + status, null, false, false);
    }
}
