package dev.resilience.agent.policy;

import java.time.Duration;

/** Effective timeout settings: a per-attempt limit and where the method body runs. */
public record TimeoutSettings(Duration duration, Mode mode) {

    /** {@code thread}: body on an agent worker, caller freed at the deadline; {@code interrupt}: body on the caller's thread. */
    public enum Mode { THREAD, INTERRUPT }
}
