package dev.resilience.agent.core;

import dev.resilience.agent.policy.BreakerSettings;
import dev.resilience.agent.policy.BreakerSettings.Kind;
import dev.resilience.agent.policy.BreakerSettings.Scope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consecutive-failure breaker's states and permits, and what both kinds share. */
class CircuitBreakerTest extends BreakerFixture {

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

        /** Audit: a toString() returning null made the reason throw, so the breaker never opened. */
        @Test
        void opensOnAFailureWhoseToStringIsNull() {
            CircuitBreaker breaker = breaker(consecutive(2, 1));
            fail(breaker, 1);
            breaker.onFailure(FAST, new NullText());
            assertThat(breaker.state()).isEqualTo(OPEN);
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: 2 consecutive failures, last: " + NullText.class.getName());

            clock.advance(OPEN_DURATION);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onFailure(FAST, new NullText());
            assertThat(breaker.state()).isEqualTo(OPEN);
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
            assertThat(transitions.seen).last().isEqualTo("OPEN->HALF_OPEN: open for 30s, 3 trial calls permitted");
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
            assertThat(transitions.seen).last().isEqualTo("HALF_OPEN->CLOSED: 3 trial calls succeeded, 30s after the circuit opened");
        }

        @Test
        void closingStartsWithFreshCounts() {
            CircuitBreaker breaker = halfOpen(1);
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(FAST);
            assertThat(transitions.seen).last().isEqualTo("HALF_OPEN->CLOSED: 1 trial call succeeded, 30s after the circuit opened");

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
            CircuitBreaker.Permit failing = breaker.acquirePermit();
            CircuitBreaker.Permit other = breaker.acquirePermit();
            breaker.onFailure(failing, FAST, null);
            breaker.onSuccess(other, FAST);
            clock.advance(OPEN_DURATION);

            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isTrue();
            assertThat(breaker.tryAcquirePermission()).isFalse();
        }
    }

    /** Audit: the transition line named the onFailure class the caller was shown, not the agent's timeout. */
    @Test
    void anOnFailureExceptionMadeInPlaceOfTheAgentsIsLoggedAsTheAgentsOwn() {
        CircuitBreaker breaker = breaker(consecutive(1, 1));
        String message = "resilience-agent rule 'svc': B#get() timed out after 100ms";
        Throwable own = new dev.resilience.agent.api.CallTimeoutException("svc", "B#get()",
                dev.resilience.agent.api.AgentFailure.Reason.TIMEOUT, message, null);
        assertThat(breaker.tryAcquirePermission()).isTrue();

        breaker.onFailure(FAST, new IllegalStateException(message, own));

        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: 1 consecutive failure, last: " + own);
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
                // the outage, from its first opening: two openDurations (operator audit: the log could not tell)
                "HALF_OPEN->CLOSED: 1 trial call succeeded, 1m00s after the circuit opened");
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

    /** An application exception whose toString() breaks its contract. */
    static final class NullText extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return null;
        }
    }
}
