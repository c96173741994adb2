package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/** The rate-based breaker: failure and slow-call rates over a sliding window. */
class RateBreakerTest extends BreakerFixture {

    @Test
    void rateBreakerGivesNoVerdictBeforeMinimumCalls() {
        CircuitBreaker breaker = breaker(rate(0.5, 20, 10, null, 0));
        fail(breaker, 9);
        assertThat(breaker.state()).isEqualTo(CLOSED);

        // the 10th call completes minimumCalls: 9 of 10 failed
        succeed(breaker, 1, FAST);
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 90% >= 50% over last 10 calls");
    }

    @Test
    void rateBreakerOpensAtThreshold() {
        CircuitBreaker breaker = breaker(rate(0.5, 20, 10, null, 0));
        succeed(breaker, 10, FAST);
        fail(breaker, 9);
        assertThat(breaker.state()).isEqualTo(CLOSED);   // 9 of 19 = 47%

        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 50% >= 50% over last 20 calls, last: java.net.ConnectException: Connection refused");
    }

    @Test
    void thresholdsGivenAsPercentagesCompareExactly() {
        CircuitBreaker breaker = breaker(rate(60 / 100.0, 20, 20, null, 0));
        succeed(breaker, 8, FAST);
        fail(breaker, 12);
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 60% >= 60% over last 20 calls, last: java.net.ConnectException: Connection refused");
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        CircuitBreaker breaker = breaker(rate(0.5, 10, 10, null, 0));
        fail(breaker, 4);
        succeed(breaker, 10, FAST);     // the four failures have slid out
        fail(breaker, 4);
        assertThat(breaker.state()).isEqualTo(CLOSED);

        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 50% >= 50% over last 10 calls, last: java.net.ConnectException: Connection refused");
    }

    @Test
    void slowCallsOpenTheCircuit() {
        CircuitBreaker breaker = breaker(rate(0.5, 10, 5, Duration.ofSeconds(5), 0.8));
        succeed(breaker, 1, FAST);
        succeed(breaker, 3, Duration.ofSeconds(5).toNanos() + 1);
        assertThat(breaker.state()).isEqualTo(CLOSED);

        succeed(breaker, 1, Duration.ofSeconds(7).toNanos());
        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: slow-call rate 80% >= 80% over last 5 calls (slow: > 5s)");
    }

    /** The contract: calls "slower than" slowCallDuration are slow; one that takes exactly that long is not. */
    @Test
    void aCallThatTakesExactlyTheSlowCallDurationIsNotSlow() {
        CircuitBreaker breaker = breaker(rate(1.0, 1, 1, Duration.ofSeconds(5), 1.0));
        succeed(breaker, 1, Duration.ofSeconds(5).toNanos());
        assertThat(breaker.state()).isEqualTo(CLOSED);

        succeed(breaker, 1, Duration.ofSeconds(5).toNanos() + 1);
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    /** The same for a failure (mutation testing: only successes were tried at the boundary). */
    @Test
    void aFailureThatTakesExactlyTheSlowCallDurationIsNotSlow() {
        CircuitBreaker breaker = breaker(rate(1.0, 10, 4, Duration.ofMillis(500), 0.5));
        succeed(breaker, 2, FAST);
        for (int i = 0; i < 2; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onFailure(Duration.ofMillis(500).toNanos(), null);
        }
        assertThat(breaker.state()).as("2 failures of 4: under 100%; none slow").isEqualTo(CLOSED);
    }

    @Test
    void slowFailuresCountAsSlow() {
        CircuitBreaker breaker = breaker(rate(1.0, 10, 4, Duration.ofMillis(500), 0.5));
        succeed(breaker, 2, FAST);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onFailure(Duration.ofSeconds(1).toNanos(), null);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onFailure(Duration.ofSeconds(1).toNanos(), null);

        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: slow-call rate 50% >= 50% over last 4 calls (slow: > 500ms)");
    }

    @Test
    void durationIsIgnoredWithoutSlowCallDuration() {
        CircuitBreaker breaker = breaker(rate(0.5, 10, 1, null, 0));
        succeed(breaker, 50, Duration.ofHours(1).toNanos());
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    @Test
    void windowResetsWhenTheBreakerCloses() {
        CircuitBreaker breaker = breaker(rate(0.5, 20, 10, null, 0));
        fail(breaker, 10);
        clock.advance(OPEN_DURATION);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);

        fail(breaker, 9);   // would be 19 of 20 if the old window were kept
        assertThat(breaker.state()).isEqualTo(CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    @Test
    void aSlowTrialStillCloses() {
        CircuitBreaker breaker = breaker(rate(0.5, 10, 2, Duration.ofSeconds(1), 0.5));
        fail(breaker, 2);
        clock.advance(OPEN_DURATION);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(Duration.ofSeconds(2).toNanos());
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }
}
