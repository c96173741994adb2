package dev.resilience.agent.api;

/**
 * Implemented by every exception the agent itself creates (timeout, open circuit, full bulkhead,
 * busy timeout workers), so handlers and tests can tell them from the application's own failures.
 * The concrete classes extend {@link java.io.IOException} for methods that declare one and are
 * unchecked otherwise, so existing error handling already catches them.
 *
 * <p>They carry no stack trace unless the JVM runs with {@code -Dresilience.stackTraces=true}:
 * their message names the rule and the method, and an open circuit can reject many calls a
 * second, for which filling in a trace would be most of the cost. With the property set they
 * record it as any exception does (at the call site, for a synchronous method).
 */
public interface AgentFailure {

    /** Why the agent failed the call. */
    enum Reason { CIRCUIT_OPEN, TIMEOUT, BULKHEAD_FULL, WORKERS_BUSY, INTERRUPTED }

    /** The policy rule that produced the failure. */
    String rule();

    /** The method, as {@code Class#method(params)}. */
    String method();

    Reason reason();
}
