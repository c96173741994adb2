package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The states an operator forces over JMX, and how the breaker leaves them. */
class ForcedBreakerTest extends BreakerFixture {

    @Test
    void forcedOpenIgnoresOutcomes() {
        CircuitBreaker breaker = breaker(consecutive(5, 1));
        breaker.forceOpen();
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(breaker.isForced()).isTrue();

        clock.advance(OPEN_DURATION.multipliedBy(10));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        breaker.onSuccess(FAST);
        breaker.releasePermission();
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void forcedClosedIgnoresOutcomes() {
        CircuitBreaker breaker = openConsecutive(1);
        breaker.forceClosed();
        fail(breaker, 100);
        assertThat(breaker.state()).isEqualTo(CLOSED);
        assertThat(breaker.isForced()).isTrue();
    }

    @Test
    void resetClosesClearsCountsAndLiftsForcing() {
        CircuitBreaker breaker = breaker(consecutive(5, 1));
        fail(breaker, 4);
        breaker.reset();
        fail(breaker, 4);
        assertThat(breaker.state()).isEqualTo(CLOSED);

        breaker.forceOpen();
        breaker.reset();
        assertThat(breaker.isForced()).isFalse();
        assertThat(breaker.state()).isEqualTo(CLOSED);
        fail(breaker, 5);
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    @Test
    void forcedTransitionsNotifyTheListenerWhenTheStateChanges() {
        CircuitBreaker breaker = breaker(consecutive(5, 1));
        breaker.forceOpen();
        breaker.forceOpen();
        breaker.forceClosed();
        breaker.reset();
        breaker.forceOpen();
        breaker.reset();

        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: forced by operator",
                "OPEN->CLOSED: forced by operator",
                "CLOSED->OPEN: forced by operator",
                "OPEN->CLOSED: reset by operator");
    }
}
