package dev.resilience.agent.core.jcstress;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.CircuitBreaker.State;
import dev.resilience.agent.core.FakeClock;
import dev.resilience.agent.policy.BreakerSettings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds breakers in a known state for the jcstress tests, and counts their transitions. Not thread-safe to build. */
final class Breakers {
    static final Duration OPEN = Duration.ofSeconds(30);

    private Breakers() {
    }

    /** Counts transitions by kind; the breaker calls it from the thread that made the transition. */
    static final class Counter implements CircuitBreaker.TransitionListener {
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger halfOpens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void onTransition(State from, State to, String reason) {
            (to == State.OPEN ? opens : to == State.HALF_OPEN ? halfOpens : closes).incrementAndGet();
        }
    }

    static CircuitBreaker closed(int failureThreshold, int halfOpenCalls, FakeClock clock, Counter counter) {
        return CircuitBreaker.create(new BreakerSettings(BreakerSettings.Kind.CONSECUTIVE, failureThreshold, 0, 0, 0, null, 0,
                OPEN, halfOpenCalls, List.of(), BreakerSettings.Scope.RULE), clock, counter);
    }

    /** OPEN with its openDuration passed: the next permission request moves it to HALF_OPEN. */
    static CircuitBreaker dueForTrial(int halfOpenCalls, FakeClock clock, Counter counter) {
        CircuitBreaker breaker = closed(1, halfOpenCalls, clock, counter);
        breaker.onFailure(1, null);
        clock.advance(OPEN);
        return breaker;
    }
}
