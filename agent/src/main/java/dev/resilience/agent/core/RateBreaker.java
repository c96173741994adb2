package dev.resilience.agent.core;

import dev.resilience.agent.policy.BreakerSettings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Opens when, over the last {@code slidingWindowSize} recorded outcomes and once at least
 * {@code minimumCalls} are in the window, failures / calls &gt;= {@code failureRateThreshold}, or
 * (when {@code slowCallDuration} is set) slow calls / calls &gt;= {@code slowCallRateThreshold}. A call
 * is slow when it took at least {@code slowCallDuration}, whether it succeeded or failed. The
 * window starts empty each time the breaker closes. In HALF_OPEN, trials are judged only by
 * success or failure, not by speed.
 *
 * <p>Thread-safe and lock-free: a ring of outcome codes plus one packed counter of failures and
 * slow calls, kept equal to the sum of the ring by swapping each slot atomically. When outcomes are
 * recorded concurrently the window may hold them in a slightly different order than they finished.
 */
final class RateBreaker extends StateMachineBreaker {

    private static final int FAILED = 1;
    private static final int SLOW = 2;

    private final int size;
    private final int minimumCalls;
    private final double failureRate;
    private final long slowNanos;          // Long.MAX_VALUE when slow calls are not tracked
    private final double slowRate;
    private final String failureRateText;
    private final String slowRateText;

    RateBreaker(BreakerSettings settings, NanoClock clock, TransitionListener listener) {
        super(settings, clock, listener);
        String rate = "circuitBreaker.failureRateThreshold";
        requireFraction(rate, settings.failureRateThreshold());
        if (settings.slidingWindowSize() < 1) {
            throw new IllegalArgumentException(
                    "circuitBreaker.slidingWindowSize must be >= 1, got " + settings.slidingWindowSize());
        }
        if (settings.minimumCalls() < 0 || settings.minimumCalls() > settings.slidingWindowSize()) {
            throw new IllegalArgumentException("circuitBreaker.minimumCalls must be in [0, slidingWindowSize = "
                    + settings.slidingWindowSize() + "], got " + settings.minimumCalls());
        }
        Duration slow = settings.slowCallDuration();
        if (slow != null) {
            if (slow.isNegative() || slow.isZero()) {
                throw new IllegalArgumentException("circuitBreaker.slowCallDuration must be > 0, got " + slow);
            }
            requireFraction("circuitBreaker.slowCallRateThreshold", settings.slowCallRateThreshold());
        }
        this.size = settings.slidingWindowSize();
        this.minimumCalls = Math.max(1, settings.minimumCalls());
        this.failureRate = settings.failureRateThreshold();
        this.slowNanos = slow == null ? Long.MAX_VALUE : slow.toNanos();
        this.slowRate = settings.slowCallRateThreshold();
        this.failureRateText = " >= " + Texts.percent(failureRate) + " over last ";
        this.slowRateText = slow == null ? null : " >= " + Texts.percent(slowRate) + " over last ";
        start();
    }

    private static void requireFraction(String key, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(key + " must be in (0%, 100%], got " + value);
        }
    }

    @Override
    Counting newCounting() {
        return new Window(this);
    }

    /** One window of outcomes, alive while the breaker stays CLOSED. */
    private static final class Window extends Counting {
        private static final VarHandle RECORDED;
        private static final VarHandle TOTALS;
        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(byte[].class);

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                RECORDED = lookup.findVarHandle(Window.class, "recorded", long.class);
                TOTALS = lookup.findVarHandle(Window.class, "totals", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final RateBreaker config;
        private final byte[] slots;        // outcome codes; an unused slot reads as a fast success
        private volatile long recorded;    // outcomes ever recorded in this window
        /** Failures in the low 32 bits, slow calls in the high 32 (each may dip below 0 for a moment). */
        private volatile long totals;

        Window(RateBreaker config) {
            this.config = config;
            this.slots = new byte[config.size];
        }

        @Override
        String recordSuccess(long durationNanos) {
            return record(durationNanos >= config.slowNanos ? SLOW : 0);
        }

        @Override
        String recordFailure(long durationNanos, Throwable error) {
            return record(durationNanos >= config.slowNanos ? FAILED | SLOW : FAILED);
        }

        private String record(int outcome) {
            long index = (long) RECORDED.getAndAdd(this, 1L);
            int old = (byte) SLOTS.getAndSet(slots, (int) (index % config.size), (byte) outcome);
            long delta = weight(outcome) - weight(old);
            if (delta != 0) {
                TOTALS.getAndAdd(this, delta);
            }
            // A plain fast success cannot raise either rate, except by completing minimumCalls.
            if (outcome == 0 && index + 1 != config.minimumCalls) {
                return null;
            }
            return verdict();
        }

        private static long weight(int outcome) {
            return (outcome & FAILED) + ((long) (outcome >> 1) << 32);
        }

        private String verdict() {
            long calls = Math.min(recorded, config.size);
            if (calls < config.minimumCalls) {
                return null;
            }
            long t = totals;
            int failures = (int) t;
            int slow = (int) ((t - failures) >> 32);
            if (failures > 0 && (double) failures / calls >= config.failureRate) {
                return "failure rate " + Texts.percent((double) failures / calls) + config.failureRateText
                        + calls + " calls";
            }
            if (config.slowRateText != null && slow > 0 && (double) slow / calls >= config.slowRate) {
                return "slow-call rate " + Texts.percent((double) slow / calls) + config.slowRateText + calls
                        + " calls (slow: >= " + Texts.nanos(config.slowNanos) + ")";
            }
            return null;
        }
    }
}
