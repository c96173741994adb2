package dev.resilience.agent.core;

import dev.resilience.agent.core.BreakerPhase.Counting;
import dev.resilience.agent.policy.BreakerSettings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Opens after {@code failureThreshold} consecutive failures. A success writes shared memory only
 * when there is a failure count to forget. Thread-safe; under concurrency "consecutive" is the order
 * in which outcomes are recorded.
 */
final class ConsecutiveBreaker extends StateMachineBreaker {

    private final int threshold;

    ConsecutiveBreaker(BreakerSettings settings, NanoClock clock, TransitionListener listener) {
        this(settings, UNBOUNDED, clock, listener);
    }

    ConsecutiveBreaker(BreakerSettings settings, long longestTrialNanos, NanoClock clock, TransitionListener listener) {
        super(settings, longestTrialNanos, clock, listener);
        if (settings.failureThreshold() < 1) {
            throw new IllegalArgumentException(
                    "circuitBreaker.failureThreshold must be >= 1, got " + settings.failureThreshold());
        }
        this.threshold = settings.failureThreshold();
        start();
    }

    @Override
    Counting newCounting() {
        return new Count(threshold);
    }

    private static final class Count extends Counting {
        private static final VarHandle FAILURES;

        static {
            try {
                FAILURES = MethodHandles.lookup().findVarHandle(Count.class, "failures", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final int threshold;
        private volatile int failures;

        Count(int threshold) {
            this.threshold = threshold;
        }

        @Override
        String recordSuccess(long durationNanos) {
            if (failures != 0) {   // read first: the common case must not dirty the cache line
                failures = 0;
            }
            return null;
        }

        @Override
        String recordFailure(long durationNanos, Throwable error, String method) {
            int n = (int) FAILURES.getAndAdd(this, 1) + 1;
            if (n < threshold) {
                return null;
            }
            String count = Texts.plural(n, "consecutive failure");
            return count + (error == null ? "" : ", last: " + Texts.error(error)) + Texts.in(method);
        }
    }
}
