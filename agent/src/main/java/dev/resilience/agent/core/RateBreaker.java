package dev.resilience.agent.core;

import dev.resilience.agent.core.BreakerPhase.Counting;
import dev.resilience.agent.policy.BreakerSettings;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens when, over the last {@code slidingWindowSize} recorded outcomes and once at least
 * {@code minimumCalls} are in the window, failures / calls &gt;= {@code failureRateThreshold}, or
 * (when {@code slowCallDuration} is set) slow calls / calls &gt;= {@code slowCallRateThreshold}. A call
 * is slow when it took longer than {@code slowCallDuration} (the contract's "slower than"), whether it succeeded or failed. The
 * window starts empty each time the breaker closes. In HALF_OPEN, trials are judged only by
 * success or failure, not by speed.
 *
 * <p>Thread-safe. Recording a fast success is lock-free and, under contention, writes no memory
 * another thread writes (see {@link Window}); failures and slow calls take the window's lock
 * briefly (each is logged once and dropped once, by a later one). Every outcome is counted
 * exactly once. When outcomes are recorded concurrently the window may hold them in a slightly
 * different order than they finished (which of two outcomes recorded at the same moment is the
 * older one is arbitrary). A window allocates only as it grows: its log of failures and slow calls
 * doubles as needed, up to the window size, and its counter adds a cell per contending thread
 * once (as {@link LongAdder} does).
 */
final class RateBreaker extends StateMachineBreaker {

    private final int size;
    private final int minimumCalls;
    private final double failureRate;
    private final long slowNanos;          // Long.MAX_VALUE when slow calls are not tracked
    private final double slowRate;
    private final String failureRateText;
    private final String slowRateText;

    RateBreaker(BreakerSettings settings, NanoClock clock, TransitionListener listener) {
        this(settings, UNBOUNDED, clock, listener);
    }

    RateBreaker(BreakerSettings settings, long longestTrialNanos, NanoClock clock, TransitionListener listener) {
        super(settings, longestTrialNanos, clock, listener);
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

    /**
     * One window of outcomes, alive while the breaker stays CLOSED.
     *
     * <p>A fast success, by far the most common outcome, only adds one to {@link #calls}, a
     * {@link LongAdder}: under contention each thread adds to a cell of its own, so two threads
     * succeeding on the same rule do not pass a cache line back and forth. It cannot raise either
     * rate (it adds a call, and can only push an older failure out), so it needs no verdict, except
     * the one that completes {@code minimumCalls}. Failures and slow calls, which can raise a rate,
     * are logged with their position under the window's lock: the rates are then counted exactly,
     * over exactly the last {@code slidingWindowSize} outcomes.
     */
    private static final class Window extends Counting {
        private final RateBreaker config;
        /** Outcomes ever recorded in this window; a logged outcome's position is read from it. */
        private final LongAdder calls = new LongAdder();
        /** Set once {@code minimumCalls} outcomes are in: from then on a fast success only counts. */
        private volatile boolean judging;
        /** Guarded by {@code this}. */
        private final OutcomeLog log;
        /** Guarded by {@code this}: the position of the last logged outcome. */
        private long lastPosition;

        Window(RateBreaker config) {
            this.config = config;
            this.log = new OutcomeLog(config.size);
        }

        @Override
        String recordSuccess(long durationNanos) {
            if (durationNanos > config.slowNanos) {
                return recordLogged(OutcomeLog.SLOW);
            }
            calls.increment();
            return judging ? null : firstVerdict();
        }

        @Override
        String recordFailure(long durationNanos, Throwable error, String method) {
            String reason = recordLogged(durationNanos > config.slowNanos ? OutcomeLog.FAILED | OutcomeLog.SLOW : OutcomeLog.FAILED);
            // as the consecutive breaker's: the failure that tipped the rate says what is failing (audit: the
            // rate's line named no exception, issue 4 asks for "why: ..., last: java.net.ConnectException ...")
            return reason == null ? null : reason + (error == null ? "" : ", last: " + Texts.error(error)) + Texts.in(method);
        }

        private synchronized String recordLogged(int code) {
            calls.increment();
            // The sum is at least one more than when the previous logged outcome read it (this
            // thread added one since, under the lock); max() keeps the log's order whatever happens.
            long position = Math.max(calls.sum(), lastPosition + 1);
            lastPosition = position;
            log.evictUpTo(position - config.size);
            log.append(position, code);
            return verdict(position);
        }

        /** Until {@code minimumCalls} outcomes are in, each fast success checks whether it was the last one needed. */
        private String firstVerdict() {
            if (calls.sum() < config.minimumCalls) {
                return null;
            }
            judging = true;
            synchronized (this) {
                long position = Math.max(calls.sum(), lastPosition);
                log.evictUpTo(position - config.size);
                return verdict(position);
            }
        }

        /** Called under the lock, with the log holding exactly the window ending at {@code position}. */
        private String verdict(long position) {
            long inWindow = Math.min(position, config.size);
            if (inWindow < config.minimumCalls) {
                return null;
            }
            int failures = log.failures();
            int slow = log.slow();
            if (failures > 0 && (double) failures / inWindow >= config.failureRate) {
                return "failure rate " + Texts.percent((double) failures / inWindow) + config.failureRateText
                        + inWindow + " calls";
            }
            if (config.slowRateText != null && slow > 0 && (double) slow / inWindow >= config.slowRate) {
                return "slow-call rate " + Texts.percent((double) slow / inWindow) + config.slowRateText + inWindow
                        + " calls (slow: > " + Texts.nanos(config.slowNanos) + ")";
            }
            return null;
        }
    }
}
