package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HALF_OPEN counts never go below zero: a release or an end nobody took a place for (a caller's
 * bug, or an end after an operator's reset) must not make room for more than {@code halfOpenCalls}
 * trials at a time. Found by mutation testing: nothing checked the floor.
 */
class TrialCountFloorTest extends BreakerFixture {

    @Test
    void releasingATrialsPermitTwiceFreesOneSlotOnly() {
        CircuitBreaker breaker = openConsecutive(1);
        clock.advance(OPEN_DURATION);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.releasePermission();
        breaker.releasePermission();

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).as("halfOpenCalls: 1").isFalse();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
    }

    @Test
    void anEndTheCountNeverSawMakesNoRoom() {
        RunningTrials running = new RunningTrials(0);
        running.end();

        assertThat(running.start(1, 0)).isTrue();
        assertThat(running.start(1, 0)).isFalse();
        assertThat(running.running()).isEqualTo(1);
    }
}
