package dev.resilience.agent.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The production defaults a setting takes when neither the rule nor {@code defaults} gives it. This is
 * the only place they are written: the loader, the describer and the docs all read them from here.
 * Constants of immutable records; thread-safe.
 */
public final class BuiltInDefaults {

    public static final Rule.Mode MODE = Rule.Mode.ENFORCE;

    public static final RetrySettings RETRY = new RetrySettings(
            3, Duration.ofMillis(500), 1.5, Duration.ofSeconds(10), 0,
            List.of("java.io.IOException"), List.of(), null, Set.of());

    /** {@code retry.budget.minPerSecond} when a budget gives only {@code ratio}: no floor. */
    public static final int BUDGET_MIN_PER_SECOND = 0;

    public static final TimeoutSettings TIMEOUT = new TimeoutSettings(Duration.ofSeconds(10), TimeoutSettings.Mode.THREAD);

    /** A consecutive-failure breaker; its rate fields are unused. */
    public static final BreakerSettings CIRCUIT_BREAKER = new BreakerSettings(
            BreakerSettings.Kind.CONSECUTIVE, 5, 0, 0, 0, null, 0,
            Duration.ofSeconds(60), 1, List.of(), BreakerSettings.Scope.RULE);

    /**
     * Window of a rate-based breaker that gives {@code failureRateThreshold} without a window. A window
     * of a handful of calls trips on noise: two unlucky calls out of four are already 50%.
     */
    public static final int RATE_SLIDING_WINDOW_SIZE = 100;

    /**
     * Calls a rate-based breaker needs in its window before it judges, for the same reason; cut to the
     * window size when a smaller window is given (a verdict must stay reachable).
     */
    public static final int RATE_MINIMUM_CALLS = 20;

    /** With only {@code slowCallDuration}, the circuit opens when every call in the window is slow. */
    public static final double SLOW_CALL_RATE_THRESHOLD = 1.0;

    /** A bulkhead without {@code maxWait} rejects at once rather than queueing callers. */
    public static final Duration BULKHEAD_MAX_WAIT = Duration.ZERO;

    private BuiltInDefaults() { }
}
