package bench.jmh;

import dev.failsafe.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The comparators, configured like the agent's rules in bench-policy.yaml: retry 3 attempts,
 * 10 ms delay, on IOException; a breaker at 5 consecutive failures (Failsafe) or 50% over 100
 * calls (Resilience4j's only kinds are rate-based; the agent's rate rule is the like-for-like
 * figure); 1 s timeouts. Built the way their documentation shows: decorate once, call many times.
 */
final class Comparators {
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private Comparators() {
    }

    static Retry r4jRetry(String name) {
        return Retry.of(name, RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10))
                .retryExceptions(IOException.class).build());
    }

    static CircuitBreaker r4jBreaker(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(100).minimumNumberOfCalls(100).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(60)).build());
    }

    static TimeLimiter r4jTimeLimiter(String name) {
        return TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(TIMEOUT).cancelRunningFuture(true).build());
    }

    static RetryPolicy<String> failsafeRetry() {
        return RetryPolicy.<String>builder().handle(IOException.class).withMaxAttempts(3)
                .withDelay(Duration.ofMillis(10)).build();
    }

    static dev.failsafe.CircuitBreaker<String> failsafeBreaker() {
        return dev.failsafe.CircuitBreaker.<String>builder().withFailureThreshold(5)
                .withDelay(Duration.ofSeconds(60)).build();
    }

    static dev.failsafe.Timeout<String> failsafeInterruptingTimeout() {
        return dev.failsafe.Timeout.<String>builder(TIMEOUT).withInterrupt().build();
    }

    /** A warm pool of daemon threads, the comparators' hand-off (and the hand-off floor). */
    static ExecutorService executor() {
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bench-executor");
            thread.setDaemon(true);
            return thread;
        });
    }
}
