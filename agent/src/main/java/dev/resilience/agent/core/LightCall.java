package dev.resilience.agent.core;

/**
 * What a {@link RuleRuntime#light() light} call records when its first attempt succeeds: it ran
 * without a {@link CallExecution}, holding nothing but the breaker's permit, so it is counted here,
 * exactly as {@link CallExecution#succeeded()} would count it (an untimed success for the breaker,
 * one success for the method). A call that fails instead resumes as an execution
 * ({@link CallExecution#resumeFirstAttempt}). Stateless.
 */
public final class LightCall {
    private LightCall() {
    }

    /**
     * @param breaker null when the rule has no breaker
     * @param permit  the breaker's permit for the attempt, null when the rule has no breaker
     * @param cells   the calling thread's cells
     */
    public static void succeeded(CircuitBreaker breaker, CircuitBreaker.Permit permit, CallStats stats, ThreadCells cells) {
        if (permit != null) {
            breaker.onSuccess(permit, 0L);
        }
        stats.successes.increment(cells);
    }
}
