package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpinSlotsTest {
    private final int half = Runtime.getRuntime().availableProcessors() / 2;

    @Test
    void halfTheProcessorsMaySpinAtOnceAndAReleasedSlotIsFreeAgain() {
        SpinSlots slots = new SpinSlots();
        for (int i = 0; i < half; i++) {
            assertThat(slots.take()).as("slot " + (i + 1) + " of " + half).isTrue();
        }
        assertThat(slots.take()).as("one more than half the processors").isFalse();
        assertThat(slots.take()).as("a refusal takes no slot, and neither does the next").isFalse();

        if (half > 0) {
            slots.release();
            assertThat(slots.take()).isTrue();
            assertThat(slots.take()).isFalse();
        }
    }
}
