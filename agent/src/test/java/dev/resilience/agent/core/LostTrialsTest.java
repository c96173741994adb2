package dev.resilience.agent.core;

import dev.resilience.agent.core.CircuitBreaker.Permit;
import dev.resilience.agent.policy.BreakerSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HALF_OPEN trials that will never end (their thread hangs in I/O that ignores the interrupt, or
 * their end was lost) stop holding the breaker once they have run longer than any trial of a rule
 * with a timeout can: its bulkhead wait and timeout, plus {@code openDuration}. Before, they kept
 * the circuit HALF_OPEN or OPEN, refusing every call, until an operator reset it.
 */
class LostTrialsTest extends BreakerFixture {
    /** The rule's timeout: with the 30 s openDuration, a trial is taken for lost 40 s after it started. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LOST_AFTER = TIMEOUT.plus(OPEN_DURATION);

    private CircuitBreaker open(BreakerSettings settings, int failuresToOpen) {
        CircuitBreaker breaker = CircuitBreaker.create(settings, TIMEOUT.toNanos(), clock, transitions);
        fail(breaker, failuresToOpen);
        assertThat(breaker.state()).isEqualTo(OPEN);
        return breaker;
    }

    private CircuitBreaker halfOpen(BreakerSettings settings, int failuresToOpen) {
        CircuitBreaker breaker = open(settings, failuresToOpen);
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
    void aRoundIsTakenAsLostOnlyOnceItsLastTrialStartedThatLongAgo() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 2), 5);
        Permit slow = breaker.acquirePermit();
        clock.advance(LOST_AFTER.minusSeconds(1));
        Permit quick = breaker.acquirePermit();
        assertThat(quick).isNotNull();
        breaker.onSuccess(quick, FAST);

        // The slow one is past the limit 1 s from now, but the round's last trial started only now.
        heldUntilLost(breaker, clock, LOST_AFTER);
        assertThat(slow).isNotNull();
        assertThat(transitions.seen).last().asString().endsWith("1 trial call still running after 40s, taken as failed");
    }

    /** A round's slot taken by a call that never reported (a permit-less caller here; a stack overflow in the agent). */
    @Test
    void aRoundWhoseSlotsWereTakenAndNeverReportedEndsAsFailed() {
        CircuitBreaker breaker = halfOpen(rate(0.5, 4, 2, null, 0), 2);
        assertThat(breaker.tryAcquirePermission()).isTrue(); // takes the round's only slot, counted nowhere

        heldUntilLost(breaker, clock, LOST_AFTER);
        assertThat(transitions.seen).last()
                .isEqualTo("HALF_OPEN->OPEN: trial round not ended 40s after its last trial started, taken as failed");

        clock.advance(OPEN_DURATION);
        Permit trial = breaker.acquirePermit();
        assertThat(trial).isNotNull();
        breaker.onSuccess(trial, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    /** A round with a slot free whose callers are refused because lost trials fill the count. */
    @Test
    void aRoundHeldBackOnlyByLostTrialsEndsAsFailed() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 2), 5);
        Permit hung = breaker.acquirePermit();
        breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("down")); // OPEN: the hung trial still counted
        clock.advance(OPEN_DURATION);
        Permit alsoHung = breaker.acquirePermit(); // the next round: its trial and the hung one fill the count
        assertThat(alsoHung).isNotNull();
        assertThat(hung).isNotNull();
        transitions.seen.clear();

        heldUntilLost(breaker, clock, LOST_AFTER);
        assertThat(transitions.seen).containsExactly(
                "HALF_OPEN->OPEN: 2 trial calls still running, the last started 40s ago, taken as failed");
        clock.advance(OPEN_DURATION);
        assertThat(breaker.acquirePermit()).isNotNull();
        assertThat(breaker.acquirePermit()).as("a fresh count: both places free again").isNotNull();
    }

    /** A circuit left OPEN with no traffic for longer than any trial takes: no trial to drop, so no mention of one. */
    @Test
    void aRoundStartingLongAfterTheCircuitOpenedWithNoTrialRunningSaysNothingOfEarlierTrials() {
        CircuitBreaker breaker = open(consecutive(5, 1), 5);
        transitions.seen.clear();
        clock.advance(Duration.ofHours(1));

        assertThat(breaker.acquirePermit()).isNotNull();
        assertThat(transitions.seen).containsExactly("OPEN->HALF_OPEN: open for 30s, trial call permitted");
    }

    /** The circuit reopened while a trial still ran; a round that starts long after no longer counts it. */
    @Test
    void aNewRoundNoLongerCountsTrialsThatStartedLongerAgoThanAnyTrialCanTake() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 2), 5);
        Permit hung = breaker.acquirePermit();
        Permit failing = breaker.acquirePermit();
        breaker.onFailure(failing, FAST, new IOException("down"));

        clock.advance(OPEN_DURATION);
        Permit first = breaker.acquirePermit();
        assertThat(first).isNotNull();
        assertThat(breaker.acquirePermit()).as("the earlier round's trial still runs: at most two at a time").isNull();
        breaker.onFailure(first, FAST, new IOException("down"));

        clock.advance(LOST_AFTER);
        transitions.seen.clear();
        Permit one = breaker.acquirePermit();
        Permit two = breaker.acquirePermit();
        assertThat(one).isNotNull();
        assertThat(two).as("the hung trial started 70 s ago: no longer counted").isNotNull();
        assertThat(transitions.seen).containsExactly("OPEN->HALF_OPEN: open for 30s, 2 trial calls permitted; "
                + "1 earlier trial call no longer counted, none started for 40s");

        breaker.onSuccess(hung, FAST); // ends at last: frees nothing of the new count, decides nothing
        assertThat(breaker.acquirePermit()).isNull();
        breaker.onSuccess(one, FAST);
        breaker.onSuccess(two, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    /** The review: with no timeout a trial that long may be slow, not lost; it keeps its round, as before. */
    @Test
    void withoutATimeoutATrialIsNeverTakenAsLost() {
        CircuitBreaker breaker = CircuitBreaker.create(consecutive(5, 1), CircuitBreaker.UNBOUNDED, clock, transitions);
        fail(breaker, 5);
        clock.advance(OPEN_DURATION);
        Permit slow = breaker.acquirePermit();
        assertThat(slow).isNotNull();

        clock.advance(Duration.ofDays(3650));
        assertThat(breaker.acquirePermit()).isNull();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        breaker.onSuccess(slow, FAST);
        assertThat(breaker.state()).isEqualTo(CLOSED);
    }

    @Test
    void aReloadThatLengthensTheTimeoutLengthensTheTimeATrialMayTake() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 1), 5);
        breaker.allowTrialsOf(Duration.ofSeconds(60).toNanos());
        breaker.allowTrialsOf(Duration.ofSeconds(1).toNanos()); // never shortened: calls may run under the longer one
        assertThat(breaker.acquirePermit()).isNotNull();

        heldUntilLost(breaker, clock, Duration.ofSeconds(90));
    }

    /** A reload that shortens the timeout leaves a trial already running the time it started with. */
    @Test
    void aReloadThatShortensTheTimeoutLeavesARunningTrialItsTime() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 1), 5);
        assertThat(breaker.acquirePermit()).isNotNull();
        clock.advance(Duration.ofSeconds(20));
        breaker.allowTrialsOf(Duration.ofSeconds(1).toNanos());

        heldUntilLost(breaker, clock, LOST_AFTER.minusSeconds(20)); // 40 s after it started, not after the reload
    }

    /**
     * A trial that started with no timeout had nothing to end it; once a reload adds one, it is judged
     * as if it had started at the reload. Before, the kept breaker's trials stayed unbounded for good.
     */
    @Test
    void aReloadThatAddsATimeoutJudgesATrialRunningWithoutOneFromTheReload() {
        CircuitBreaker breaker = CircuitBreaker.create(consecutive(5, 1), CircuitBreaker.UNBOUNDED, clock, transitions);
        fail(breaker, 5);
        clock.advance(OPEN_DURATION);
        assertThat(breaker.acquirePermit()).isNotNull();
        clock.advance(Duration.ofHours(1));
        transitions.seen.clear();

        breaker.allowTrialsOf(TIMEOUT.toNanos());
        heldUntilLost(breaker, clock, LOST_AFTER);
        assertThat(transitions.seen).containsExactly(
                "HALF_OPEN->OPEN: 1 trial call still running after 1h01m, taken as failed");
    }

    /** After the reload, a trial has its own time, from its own start. */
    @Test
    void aTrialStartedAfterAReloadThatAddedATimeoutIsJudgedFromItsStart() {
        CircuitBreaker breaker = CircuitBreaker.create(consecutive(5, 1), CircuitBreaker.UNBOUNDED, clock, transitions);
        fail(breaker, 5);
        breaker.allowTrialsOf(TIMEOUT.toNanos());
        clock.advance(OPEN_DURATION.plusSeconds(20));
        assertThat(breaker.acquirePermit()).isNotNull();

        heldUntilLost(breaker, clock, LOST_AFTER);
    }

    /** Nor does a reload through {@code timeout: off} shorten the time of a trial started under a longer timeout. */
    @Test
    void aTimeoutRemovedThenAddedShorterLeavesATrialStartedBeforeTheLongerTime() {
        CircuitBreaker breaker = halfOpen(consecutive(5, 1), 5); // a trial may take 40 s
        assertThat(breaker.acquirePermit()).isNotNull();
        clock.advance(Duration.ofSeconds(5));
        breaker.allowTrialsOf(CircuitBreaker.UNBOUNDED);
        clock.advance(Duration.ofSeconds(5));
        breaker.allowTrialsOf(Duration.ofSeconds(1).toNanos()); // 31 s after this reload would be too soon

        // The longer time, judged from the reload: which trials started while unbounded, the breaker cannot tell.
        heldUntilLost(breaker, clock, LOST_AFTER);
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

        @Test
        void withoutATimeoutATrialIsNeverTakenForLost() {
            RuleRuntime rule = rule("    timeout: off\n"
                    + "    circuitBreaker: { failureThreshold: 1, openDuration: 30s }\n");
            CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
            breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("down"));
            clock.advance(Duration.ofSeconds(30));
            assertThat(breaker.acquirePermit()).isNotNull();

            clock.advance(Duration.ofDays(1));
            assertThat(breaker.acquirePermit()).isNull();
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"rule", "method"})
        void aBreakerKeptOverAReloadThatLengthenedTheTimeoutGivesItsTrialsTheLongerTime(String scope) {
            String breakerSettings = "    circuitBreaker: { failureThreshold: 1, openDuration: 30s, scope: " + scope + " }\n";
            RuleRuntime before = rule("    timeout: 1s\n" + breakerSettings);
            CircuitBreaker breaker = before.breakerFor("a.B#m()").breaker();
            RuleRuntime after = new RuleRuntime(rule("    timeout: 60s\n" + breakerSettings).rule(), 1, clock, sleeper,
                    transitions::add, BreakerTransitions.NONE, before);
            assertThat(after.breakerFor("a.B#m()").breaker()).as("kept: same breaker settings").isSameAs(breaker);
            breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("down"));
            clock.advance(Duration.ofSeconds(30));
            assertThat(breaker.acquirePermit()).isNotNull();

            heldUntilLost(breaker, clock, Duration.ofSeconds(90));
        }

        @ParameterizedTest
        @ValueSource(strings = {"rule", "method"})
        void aBreakerKeptOverAReloadThatAddedATimeoutJudgesTrialsRunningBeforeFromTheReload(String scope) {
            String breakerSettings = "    circuitBreaker: { failureThreshold: 1, openDuration: 30s, scope: " + scope + " }\n";
            RuleRuntime before = rule("    timeout: off\n" + breakerSettings);
            CircuitBreaker breaker = before.breakerFor("a.B#m()").breaker();
            breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("down"));
            clock.advance(Duration.ofSeconds(30));
            assertThat(breaker.acquirePermit()).isNotNull();
            clock.advance(Duration.ofDays(1));

            RuleRuntime after = new RuleRuntime(rule("    timeout: 10s\n" + breakerSettings).rule(), 1, clock, sleeper,
                    transitions::add, BreakerTransitions.NONE, before);
            assertThat(after.breakerFor("a.B#m()").breaker()).as("kept: same breaker settings").isSameAs(breaker);

            heldUntilLost(breaker, clock, Duration.ofSeconds(40));
        }
    }
}
