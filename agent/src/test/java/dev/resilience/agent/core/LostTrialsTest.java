package dev.resilience.agent.core;

import dev.resilience.agent.core.CircuitBreaker.Permit;
import dev.resilience.agent.policy.BreakerSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HALF_OPEN trials that will never end (their thread hangs in I/O that ignores the interrupt, or
 * their end was lost) stop holding the breaker once they have run longer than any trial can: the
 * rule's bulkhead wait and timeout, plus {@code openDuration}. Before, they kept the circuit
 * HALF_OPEN or OPEN, refusing every call, until an operator reset it.
 */
class LostTrialsTest extends BreakerFixture {
    /** The rule's timeout: with the 30 s openDuration, a trial is taken for lost 40 s after it started. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LOST_AFTER = TIMEOUT.plus(OPEN_DURATION);

    private CircuitBreaker halfOpen(BreakerSettings settings, int failuresToOpen) {
        CircuitBreaker breaker = CircuitBreaker.create(settings, TIMEOUT.toNanos(), clock, transitions);
        fail(breaker, failuresToOpen);
        assertThat(breaker.state()).isEqualTo(OPEN);
        clock.advance(OPEN_DURATION);
        return breaker;
    }

    /**
     * Calls are refused, HALF_OPEN, until {@code lostAfter} has passed on {@code clock} (since the last
     * trial started); then the next call finds the trials lost, and is refused as the circuit opens again.
     */
    static void heldUntilLost(CircuitBreaker breaker, FakeClock clock, Duration lostAfter) {
        clock.advance(lostAfter.minusNanos(1));
        assertThat(breaker.acquirePermit()).as("a trial may still end within its timeout and openDuration").isNull();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);

        clock.advanceNanos(1);
        assertThat(breaker.acquirePermit()).as("taken as failed: OPEN again, this call refused").isNull();
        assertThat(breaker.state()).isEqualTo(OPEN);
    }

    @Test
    void aTrialThatNeverEndsIsTakenAsFailedOnceItRanLongerThanAnyTrialCan() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 1), 5);
        Permit hung = breaker.acquirePermit();
        assertThat(hung).isNotNull();
        transitions.seen.clear();

        heldUntilLost(breaker, clock, LOST_AFTER);
        assertThat(transitions.seen).containsExactly(
                "HALF_OPEN->OPEN: 1 trial call still running after 40s, taken as failed");

        clock.advance(OPEN_DURATION);
        Permit next = breaker.acquirePermit();
        assertThat(next).as("the hung trial no longer counts against halfOpenCalls").isNotNull();
        breaker.onFailure(hung, FAST, new IOException("ended at last")); // another round's: counts for nothing
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        breaker.onSuccess(next, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    @Test
    void aSlowTrialWithinItsTimeAndOpenDurationStillDecides() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 2), 5);
        Permit slow = breaker.acquirePermit();
        clock.advance(LOST_AFTER.minusSeconds(1));
        Permit quick = breaker.acquirePermit();
        assertThat(quick).isNotNull();
        breaker.onSuccess(quick, FAST);
        clock.advance(Duration.ofSeconds(2)); // the slow one is past the limit, but a trial started since

        assertThat(breaker.acquirePermit()).isNull();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        breaker.onSuccess(slow, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    /** A round's slot taken by a call that never reported (a permit-less caller here; a stack overflow in the agent). */
    @Test
    void aRoundWhoseSlotsWereTakenAndNeverReportedEndsAsFailed() {
        CircuitBreaker breaker = halfOpen(rate(0.5, 4, 2, null, 0), 2);
        assertThat(breaker.tryAcquirePermission()).isTrue(); // takes the round's only slot, counted nowhere

        heldUntilLost(breaker, clock, LOST_AFTER);
        assertThat(transitions.seen).last().isEqualTo("HALF_OPEN->OPEN: trial round not ended after 40s, taken as failed");

        clock.advance(OPEN_DURATION);
        Permit trial = breaker.acquirePermit();
        assertThat(trial).isNotNull();
        breaker.onSuccess(trial, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    /** The circuit reopened while a trial still ran; once that trial is lost, it no longer keeps the circuit OPEN. */
    @Test
    void anOpenCircuitNoLongerWaitsForALostTrialOfAnEarlierRound() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 1), 5);
        Permit hung = breaker.acquirePermit();
        breaker.onFailure(FAST, new IOException("down")); // a permit-less report reopens the circuit
        assertThat(breaker.state()).isEqualTo(OPEN);

        clock.advance(OPEN_DURATION);
        assertThat(breaker.acquirePermit()).as("the earlier round's trial still runs: at most one at a time").isNull();
        assertThat(breaker.state()).isEqualTo(OPEN);

        clock.advance(LOST_AFTER.minus(OPEN_DURATION));
        transitions.seen.clear();
        Permit trial = breaker.acquirePermit();
        assertThat(trial).isNotNull();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        assertThat(transitions.seen).singleElement().asString()
                .startsWith("OPEN->HALF_OPEN: open for 30s, trial call permitted; ")
                .endsWith("1 trial call still running after 40s, taken as failed");

        breaker.onSuccess(hung, FAST);
        assertThat(breaker.acquirePermit()).as("the lost trial's end frees nothing of the new count").isNull();
        breaker.onSuccess(trial, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    @Test
    void withoutATimeoutATrialIsTakenForLostAfterOpenDuration() {
        CircuitBreaker breaker = breaker(consecutive(5, 1));
        fail(breaker, 5);
        clock.advance(OPEN_DURATION);
        assertThat(breaker.acquirePermit()).isNotNull();

        heldUntilLost(breaker, clock, OPEN_DURATION);
    }

    /** A rule's breaker: how long a trial may take is the rule's bulkhead wait and timeout. */
    @Nested
    class OfARule extends ExecutionFixture {
        @Test
        void aTrialIsTakenForLostAfterTheBulkheadWaitTheTimeoutAndOpenDuration() {
            RuleRuntime rule = rule("    timeout: { duration: 10s, mode: interrupt }\n"
                    + "    bulkhead: { maxConcurrent: 2, maxWait: 5s }\n"
                    + "    circuitBreaker: { failureThreshold: 1, openDuration: 30s }\n");
            CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
            breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("down"));
            clock.advance(Duration.ofSeconds(30));
            assertThat(breaker.acquirePermit()).isNotNull();

            heldUntilLost(breaker, clock, Duration.ofSeconds(45));
            assertThat(transitions).last().asString().contains("1 trial call still running after 45s, taken as failed");
        }
    }
}
