package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CircuitBreaker#refusesFor}: whether a retry due some time from now would surely be refused,
 * so that it need not be waited for ("an open circuit is not retried").
 */
class BreakerRefusesAheadTest extends BreakerFixture {

    private CircuitBreaker openConsecutive() {
        CircuitBreaker breaker = breaker(consecutive(1, 1));
        fail(breaker, 1);
        return breaker;
    }

    /** A retry due when the circuit would still be open is not waited for; one due at the trial's time is. */
    @Test
    void refusesACallAskedForOnlyWhileItWouldStillBeOpen() {
        CircuitBreaker breaker = openConsecutive();
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.refusesFor(Duration.ofSeconds(20).minusNanos(1).toNanos())).isTrue();
        assertThat(breaker.refusesFor(Duration.ofSeconds(20).toNanos())).as("a trial by then").isFalse();
    }

    @Test
    void refusesEveryCallWhileForcedOpenAndNoneWhileForcedClosed() {
        CircuitBreaker breaker = breaker(consecutive(1, 1));
        breaker.forceOpen();
        assertThat(breaker.refusesFor(OPEN_DURATION.multipliedBy(100).toNanos())).isTrue();
        assertThat(breaker.stateName()).isEqualTo("FORCED_OPEN");
        breaker.forceClosed();
        assertThat(breaker.refusesFor(0)).isFalse();
        assertThat(breaker.stateName()).isEqualTo("FORCED_CLOSED");
        breaker.reset();
        assertThat(breaker.refusesFor(0)).isFalse();
        assertThat(breaker.stateName()).isEqualTo("CLOSED");
    }
}
