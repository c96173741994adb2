package dev.resilience.agent.core;

import dev.resilience.agent.core.CircuitBreaker.State;
import dev.resilience.agent.policy.BreakerSettings;
import dev.resilience.agent.policy.BreakerSettings.Kind;
import dev.resilience.agent.policy.BreakerSettings.Scope;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of {@link CircuitBreaker} share: settings of both kinds, a fake clock, recorded transitions. */
abstract class BreakerFixture {

    static final Duration OPEN_DURATION = Duration.ofSeconds(30);
    static final long FAST = Duration.ofMillis(3).toNanos();

    static BreakerSettings consecutive(int threshold, int halfOpenCalls) {
        return new BreakerSettings(Kind.CONSECUTIVE, threshold, 0, 0, 0, null, 0,
                OPEN_DURATION, halfOpenCalls, List.of(), Scope.RULE);
    }

    static BreakerSettings rate(double rate, int window, int minimumCalls, Duration slow, double slowRate) {
        return new BreakerSettings(Kind.RATE, 0, rate, window, minimumCalls, slow, slowRate,
                OPEN_DURATION, 1, List.of(), Scope.RULE);
    }

    /** Records every transition as "FROM->TO: reason". Thread-safe. */
    static final class Transitions implements CircuitBreaker.TransitionListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onTransition(State from, State to, String reason) {
            assertThat(from).isNotEqualTo(to);
            seen.add(from + "->" + to + ": " + reason);
        }
    }

    final FakeClock clock = new FakeClock();
    final Transitions transitions = new Transitions();

    CircuitBreaker breaker(BreakerSettings settings) {
        return CircuitBreaker.create(settings, clock, transitions);
    }

    static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onFailure(FAST, new ConnectException("Connection refused"));
        }
    }

    static void succeed(CircuitBreaker breaker, int times, long durationNanos) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(durationNanos);
        }
    }

    CircuitBreaker openConsecutive(int halfOpenCalls) {
        CircuitBreaker breaker = breaker(consecutive(5, halfOpenCalls));
        fail(breaker, 5);
        assertThat(breaker.state()).isEqualTo(OPEN);
        return breaker;
    }
}
