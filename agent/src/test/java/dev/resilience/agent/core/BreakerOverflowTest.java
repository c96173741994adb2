package dev.resilience.agent.core;

import dev.resilience.agent.core.CircuitBreaker.Permit;
import dev.resilience.agent.core.CircuitBreaker.State;
import dev.resilience.agent.policy.BreakerSettings;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: a protected call deep in a recursion overflowed the stack while a transition was being
 * logged. Thrown on, the overflow lost what the breaker does after the transition: the HALF_OPEN
 * trial's permit, or the end of a failed trial, and the round (or the next one) waited for a trial
 * that nobody would end: every call was refused until the JVM restarted. The transition stands and
 * the breaker goes on; only the line (and its count) is lost.
 */
class BreakerOverflowTest extends BreakerFixture {
    private static final CircuitBreaker.TransitionListener OVERFLOWING = (from, to, reason) -> {
        throw new StackOverflowError();
    };

    @Test
    void aConsecutiveBreakerGoesThroughEveryTransitionWhoseLineOverflows() {
        goesThroughEveryTransition(consecutive(2, 1), 2);
    }

    @Test
    void aRateBreakerGoesThroughEveryTransitionWhoseLineOverflows() {
        goesThroughEveryTransition(rate(0.5, 4, 4, null, 0), 4);
    }

    private void goesThroughEveryTransition(BreakerSettings settings, int failuresToOpen) {
        CircuitBreaker breaker = CircuitBreaker.create(settings, clock, OVERFLOWING);
        for (int i = 0; i < failuresToOpen; i++) {
            Permit permit = breaker.acquirePermit();
            assertThat(permit).isNotNull();
            breaker.onFailure(permit, FAST, new ConnectException("Connection refused"));
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        clock.advance(OPEN_DURATION);
        Permit trial = breaker.acquirePermit();
        assertThat(trial).as("the trial's permit, though the HALF_OPEN line overflowed").isNotNull();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        breaker.onFailure(trial, FAST, new ConnectException("Connection refused"));
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        clock.advance(OPEN_DURATION);
        Permit second = breaker.acquirePermit();
        assertThat(second).as("a second round: the failed trial has ended").isNotNull();
        breaker.onSuccess(second, FAST);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.acquirePermit()).isNotNull();
    }
}
