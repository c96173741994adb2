package dev.resilience.agent.metrics;

import org.junit.jupiter.api.Test;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

class TransitionCounterTest {
    private final TransitionCounter counter = new TransitionCounter();

    @Test
    void countsEachPairPerBreaker() {
        counter.onTransition("a", CLOSED, OPEN);
        counter.onTransition("a", OPEN, HALF_OPEN);
        counter.onTransition("a", HALF_OPEN, OPEN);
        counter.onTransition("b", CLOSED, OPEN);

        assertThat(counter.count("a", CLOSED, OPEN)).isEqualTo(1);
        assertThat(counter.count("a", HALF_OPEN, OPEN)).isEqualTo(1);
        assertThat(counter.count("b", CLOSED, OPEN)).isEqualTo(1);
        assertThat(counter.count("c", CLOSED, OPEN)).isZero();
    }

    @Test
    void opensAreTransitionsToOpenAndResetsFromHalfOpenToClosedOnly() {
        counter.onTransition("a", CLOSED, OPEN);
        counter.onTransition("a", OPEN, HALF_OPEN);
        counter.onTransition("a", HALF_OPEN, OPEN);
        counter.onTransition("a", OPEN, HALF_OPEN);
        counter.onTransition("a", HALF_OPEN, CLOSED);
        counter.onTransition("a", CLOSED, OPEN);
        counter.onTransition("a", OPEN, CLOSED); // an operator's reset is not a reset of the contract

        assertThat(counter.opens("a")).isEqualTo(3);
        assertThat(counter.resets("a")).isEqualTo(1);
    }

    @Test
    void theSinkNamesEveryPairTheMeterPublishes() {
        // (audit: the check was that each name parsed as a state, which valueOf ensures by throwing)
        assertThat(MeterNames.TRANSITIONS).containsExactlyInAnyOrder(java.util.List.of("CLOSED", "OPEN"),
                java.util.List.of("OPEN", "HALF_OPEN"), java.util.List.of("HALF_OPEN", "OPEN"),
                java.util.List.of("HALF_OPEN", "CLOSED"), java.util.List.of("OPEN", "CLOSED"));
    }
}
