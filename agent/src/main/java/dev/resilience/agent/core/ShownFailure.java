package dev.resilience.agent.core;

/**
 * What the caller is shown in place of a failure the agent made itself (a timeout), once the call
 * has ended with it: the rule's {@code onFailure.exception}. Made after the last attempt only, so
 * the earlier attempts' failures, attached as suppressed, stay the agent's own, and the
 * application's exception class is built once per call, not once per attempt.
 */
@FunctionalInterface
public interface ShownFailure {
    /** @param agentOwn the agent's own exception the call ended with */
    Throwable shown(Throwable agentOwn);
}
