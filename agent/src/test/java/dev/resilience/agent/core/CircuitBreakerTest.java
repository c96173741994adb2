package dev.resilience.agent.core;

import dev.resilience.agent.core.CircuitBreaker.State;
import dev.resilience.agent.policy.BreakerSettings;
import dev.resilience.agent.policy.BreakerSettings.Kind;
import dev.resilience.agent.policy.BreakerSettings.Scope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakerTest {

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

    @Nested
    class Closed {
        @Test
        void permitsEveryCall() {
            CircuitBreaker breaker = breaker(consecutive(5, 1));
            succeed(breaker, 100, FAST);
            assertThat(breaker.state()).isEqualTo(CLOSED);
            assertThat(transitions.seen).isEmpty();
        }

        @Test
        void opensAfterFiveConsecutiveFailures() {
            CircuitBreaker breaker = breaker(consecutive(5, 1));
            fail(breaker, 4);
            assertThat(breaker.state()).isEqualTo(CLOSED);

            fail(breaker, 1);
            assertThat(breaker.state()).isEqualTo(OPEN);
            assertThat(transitions.seen).containsExactly(
                    "CLOSED->OPEN: 5 consecutive failures, last: java.net.ConnectException: Connection refused");
        }

        @Test
        void successResetsConsecutiveCount() {
            CircuitBreaker breaker = breaker(consecutive(5, 1));
            fail(breaker, 4);
            succeed(breaker, 1, FAST);
            fail(breaker, 4);
            assertThat(breaker.state()).isEqualTo(CLOSED);

            fail(breaker, 1);
            assertThat(breaker.state()).isEqualTo(OPEN);
        }

        @Test
        void releasedPermissionsAreNotCounted() {
            CircuitBreaker breaker = breaker(consecutive(2, 1));
            fail(breaker, 1);
            for (int i = 0; i < 10; i++) {
                assertThat(breaker.tryAcquirePermission()).isTrue();
                breaker.releasePermission();
            }
            assertThat(breaker.state()).isEqualTo(CLOSED);
            fail(breaker, 1);
            assertThat(breaker.state()).isEqualTo(OPEN);
        }

        @Test
        void reasonOmitsTheErrorWhenThereIsNone() {
            CircuitBreaker breaker = breaker(consecutive(1, 1));
            breaker.onFailure(FAST, null);
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: 1 consecutive failure");
        }
    }

    @Nested
    class Open {
        @Test
        void rejectsWhileOpen() {
            CircuitBreaker breaker = openConsecutive(1);
            assertThat(breaker.tryAcquirePermission()).isFalse();

            clock.advance(OPEN_DURATION.minusNanos(1));
            assertThat(breaker.tryAcquirePermission()).isFalse();
            assertThat(breaker.state()).isEqualTo(OPEN);
        }

        @Test
        void ignoresOutcomesOfCallsPermittedBeforeItOpened() {
            CircuitBreaker breaker = openConsecutive(1);
            breaker.onSuccess(FAST);
            breaker.onFailure(FAST, new IOException("late"));
            breaker.releasePermission();

            assertThat(breaker.state()).isEqualTo(OPEN);
            clock.advance(OPEN_DURATION.minusNanos(1));
            assertThat(breaker.tryAcquirePermission()).isFalse();
            assertThat(transitions.seen).hasSize(1);
        }

        @Test
        void becomesHalfOpenAfterOpenDuration() {
            CircuitBreaker breaker = openConsecutive(1);
            clock.advance(OPEN_DURATION);
            assertThat(breaker.state()).isEqualTo(OPEN);   // nobody has asked yet

            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
            assertThat(transitions.seen).last().isEqualTo("OPEN->HALF_OPEN: open for 30s, trial call permitted");
        }
    }

    /** An outcome counts only in the phase (stay in a state) whose permit the call holds. */
    @Nested
    class Permits {
        /** A permit taken while CLOSED; then the breaker opens and its open duration passes (the next permit is a trial's). */
        CircuitBreaker.Permit permitFromBeforeAnOutage(CircuitBreaker breaker) {
            CircuitBreaker.Permit early = breaker.acquirePermit();
            fail(breaker, 1);
            clock.advance(OPEN_DURATION);
            return early;
        }

        @Test
        void aSuccessAdmittedWhileClosedDoesNotCloseAHalfOpenBreaker() {
            CircuitBreaker breaker = breaker(consecutive(1, 1));
            CircuitBreaker.Permit early = permitFromBeforeAnOutage(breaker);
            CircuitBreaker.Permit trial = breaker.acquirePermit();
            assertThat(trial).isNotNull();

            breaker.onSuccess(early, FAST);

            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
            assertThat(breaker.acquirePermit()).as("the trial's slot is still taken").isNull();
            breaker.onSuccess(trial, FAST);
            assertThat(breaker.state()).isEqualTo(CLOSED);
        }

        @Test
        void aFailureAdmittedWhileClosedDoesNotReopenAHalfOpenBreaker() {
            CircuitBreaker breaker = breaker(consecutive(1, 1));
            CircuitBreaker.Permit early = permitFromBeforeAnOutage(breaker);
            assertThat(breaker.acquirePermit()).isNotNull();

            breaker.onFailure(early, FAST, new IOException("late"));

            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
            assertThat(transitions.seen).hasSize(2);
        }

        @Test
        void releasingAnOldTrialsPermitFreesNoSlotOfALaterTrial() {
            CircuitBreaker breaker = breaker(consecutive(1, 1));
            permitFromBeforeAnOutage(breaker);
            CircuitBreaker.Permit firstTrial = breaker.acquirePermit();
            breaker.onFailure(firstTrial, FAST, new IOException("still down"));
            clock.advance(OPEN_DURATION);
            CircuitBreaker.Permit secondTrial = breaker.acquirePermit();
            assertThat(secondTrial).isNotNull().isNotSameAs(firstTrial);

            breaker.release(firstTrial);

            assertThat(breaker.acquirePermit()).as("halfOpenCalls: 1, a trial is running").isNull();
            breaker.release(secondTrial);
            assertThat(breaker.acquirePermit()).isNotNull();
        }

        @Test
        void aFailureFromBeforeTheBreakerClosedAgainIsNotCounted() {
            CircuitBreaker breaker = breaker(consecutive(1, 1));
            CircuitBreaker.Permit early = permitFromBeforeAnOutage(breaker);
            breaker.onSuccess(breaker.acquirePermit(), FAST);
            assertThat(breaker.state()).isEqualTo(CLOSED);

            breaker.onFailure(early, FAST, new IOException("from the previous outage"));

            assertThat(breaker.state()).isEqualTo(CLOSED);
            CircuitBreaker.Permit fresh = breaker.acquirePermit();
            breaker.onFailure(fresh, FAST, new IOException("now"));
            assertThat(breaker.state()).isEqualTo(OPEN);
        }

        @Test
        void theClosedStateHandsOutTheSamePermitToEveryCall() {
            CircuitBreaker breaker = breaker(rate(0.5, 10, 10, null, 0));
            assertThat(breaker.acquirePermit()).isSameAs(breaker.acquirePermit());
        }
    }

    @Nested
    class HalfOpen {
        CircuitBreaker halfOpen(int halfOpenCalls) {
            CircuitBreaker breaker = openConsecutive(halfOpenCalls);
            clock.advance(OPEN_DURATION);
            return breaker;
        }

        @Test
        void halfOpenAdmitsAtMostHalfOpenCallsAtATime() {
            CircuitBreaker breaker = halfOpen(3);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isFalse();

            breaker.releasePermission();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isFalse();
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        }

        @Test
        void aSucceededTrialKeepsItsSlot() {
            CircuitBreaker breaker = halfOpen(2);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(FAST);
            assertThat(breaker.tryAcquirePermission()).isFalse();
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        }

        @Test
        void closesWhenAllTrialsSucceed() {
            CircuitBreaker breaker = halfOpen(3);
            for (int i = 0; i < 3; i++) {
                assertThat(breaker.tryAcquirePermission()).isTrue();
            }
            breaker.onSuccess(FAST);
            breaker.onSuccess(FAST);
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);

            breaker.onSuccess(FAST);
            assertThat(breaker.state()).isEqualTo(CLOSED);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(transitions.seen).last().isEqualTo("HALF_OPEN->CLOSED: 3 trial calls succeeded");
        }

        @Test
        void closingStartsWithFreshCounts() {
            CircuitBreaker breaker = halfOpen(1);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(FAST);
            assertThat(transitions.seen).last().isEqualTo("HALF_OPEN->CLOSED: 1 trial call succeeded");

            fail(breaker, 4);
            assertThat(breaker.state()).isEqualTo(CLOSED);
        }

        @Test
        void reopensWhenATrialFails() {
            CircuitBreaker breaker = halfOpen(3);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(FAST);
            breaker.onFailure(FAST, new IOException("still down"));

            assertThat(breaker.state()).isEqualTo(OPEN);
            assertThat(transitions.seen).last().isEqualTo("HALF_OPEN->OPEN: trial call failed: java.io.IOException: still down");
            assertThat(breaker.tryAcquirePermission()).isFalse();

            // a full openDuration counts again from the reopening
            clock.advance(OPEN_DURATION.minusNanos(1));
            assertThat(breaker.tryAcquirePermission()).isFalse();
            clock.advanceNanos(1);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        }

        @Test
        void aNewHalfOpenPeriodStartsWithAllSlotsFree() {
            CircuitBreaker breaker = halfOpen(2);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onFailure(FAST, null);
            clock.advance(OPEN_DURATION);

            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isFalse();
        }
    }

    @Nested
    class RateBased {
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
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 50% >= 50% over last 20 calls");
        }

        @Test
        void thresholdsGivenAsPercentagesCompareExactly() {
            CircuitBreaker breaker = breaker(rate(60 / 100.0, 20, 20, null, 0));
            succeed(breaker, 8, FAST);
            fail(breaker, 12);
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 60% >= 60% over last 20 calls");
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
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 50% >= 50% over last 10 calls");
        }

        @Test
        void slowCallsOpenTheCircuit() {
            CircuitBreaker breaker = breaker(rate(0.5, 10, 5, Duration.ofSeconds(5), 0.8));
            succeed(breaker, 1, FAST);
            succeed(breaker, 3, Duration.ofSeconds(5).toNanos());
            assertThat(breaker.state()).isEqualTo(CLOSED);

            succeed(breaker, 1, Duration.ofSeconds(7).toNanos());
            assertThat(breaker.state()).isEqualTo(OPEN);
            assertThat(transitions.seen).containsExactly(
                    "CLOSED->OPEN: slow-call rate 80% >= 80% over last 5 calls (slow: >= 5s)");
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
                    "CLOSED->OPEN: slow-call rate 50% >= 50% over last 4 calls (slow: >= 500ms)");
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

    @Nested
    class Forced {
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

    @Test
    void listenerHearsEveryTransitionOfAFullCycleOnce() {
        CircuitBreaker breaker = breaker(consecutive(2, 1));
        fail(breaker, 2);
        clock.advance(OPEN_DURATION);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onFailure(FAST, new IOException("x"));
        clock.advance(OPEN_DURATION);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
        breaker.onSuccess(FAST);

        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: 2 consecutive failures, last: java.net.ConnectException: Connection refused",
                "OPEN->HALF_OPEN: open for 30s, trial call permitted",
                "HALF_OPEN->OPEN: trial call failed: java.io.IOException: x",
                "OPEN->HALF_OPEN: open for 30s, trial call permitted",
                "HALF_OPEN->CLOSED: 1 trial call succeeded");
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> breaker(consecutive(0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureThreshold");
        assertThatThrownBy(() -> breaker(consecutive(5, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halfOpenCalls");
        assertThatThrownBy(() -> breaker(new BreakerSettings(Kind.CONSECUTIVE, 5, 0, 0, 0, null, 0,
                Duration.ZERO, 1, List.of(), Scope.RULE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openDuration");
        assertThatThrownBy(() -> breaker(rate(0, 20, 10, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() -> breaker(rate(1.5, 20, 10, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() -> breaker(rate(0.5, 0, 0, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slidingWindowSize");
        assertThatThrownBy(() -> breaker(rate(0.5, 10, 11, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumCalls");
        assertThatThrownBy(() -> breaker(rate(0.5, 10, 5, Duration.ofSeconds(1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowCallRateThreshold");
        assertThatThrownBy(() -> breaker(rate(0.5, 10, 5, Duration.ZERO, 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowCallDuration");
        assertThatThrownBy(() -> CircuitBreaker.create(consecutive(5, 1), null, transitions))
                .isInstanceOf(NullPointerException.class);
    }
}
