package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which transition lines go out as an outage beginning (operator audit: every line was INFO, and
 * {@code log=warn} showed no outage at all), and the counts of opens and resets.
 */
class BreakerTransitionsTest {
    /** Records each line with the way it was handed over. */
    private static final class Lines implements TransitionLog {
        final List<String> seen = new ArrayList<>();

        @Override
        public void accept(String line) {
            seen.add("line " + line);
        }

        @Override
        public void opened(String line) {
            seen.add("opened " + line);
        }
    }

    @Test
    void onlyACircuitOpeningOnFailuresIsAnOutageBeginning() {
        Lines lines = new Lines();
        BreakerTransitions transitions = new BreakerTransitions("svc", lines, BreakerTransitions.NONE);

        transitions.onTransition(CLOSED, OPEN, "5 consecutive failures");
        transitions.onTransition(OPEN, HALF_OPEN, "open for 1m, trial call permitted");
        transitions.onTransition(HALF_OPEN, OPEN, "trial call failed");
        transitions.onTransition(OPEN, HALF_OPEN, "open for 1m, trial call permitted");
        transitions.onTransition(HALF_OPEN, CLOSED, "1 trial call succeeded");
        transitions.onTransition(CLOSED, OPEN, StateMachineBreaker.BY_OPERATOR);

        assertThat(lines.seen).containsExactly(
                "opened breaker svc CLOSED -> OPEN (5 consecutive failures)",
                "line breaker svc OPEN -> HALF_OPEN (open for 1m, trial call permitted)",
                "line breaker svc HALF_OPEN -> OPEN (trial call failed)",
                "line breaker svc OPEN -> HALF_OPEN (open for 1m, trial call permitted)",
                "line breaker svc HALF_OPEN -> CLOSED (1 trial call succeeded)",
                "line breaker svc CLOSED -> OPEN (forced by operator)");
        assertThat(transitions.opens.sum()).isEqualTo(3);
        assertThat(transitions.resets.sum()).isEqualTo(1);
    }

    @Test
    void anObservingRulesOpeningRefusesNothingAndIsNoOutage() {
        Lines lines = new Lines();
        new BreakerTransitions("svc", lines, BreakerTransitions.NONE, true).onTransition(CLOSED, OPEN, "3 consecutive failures");

        assertThat(lines.seen).containsExactly(
                "line breaker svc CLOSED -> OPEN (3 consecutive failures) [mode: observe, no call is refused]");
    }

    @Test
    void aPlainConsumerGetsEveryLineAlike() {
        List<String> plain = new ArrayList<>();
        new BreakerTransitions("svc", plain::add, BreakerTransitions.NONE).onTransition(CLOSED, OPEN, "5 consecutive failures");

        assertThat(plain).containsExactly("breaker svc CLOSED -> OPEN (5 consecutive failures)");
    }
}
