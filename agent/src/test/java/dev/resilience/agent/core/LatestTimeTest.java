package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatestTimeTest {
    @Test
    void aWriterWithAnOlderTimeDoesNotPutItBack() {
        LatestTime time = new LatestTime(100);
        time.advanceTo(500);
        time.advanceTo(300); // read the clock before the write of 500, written after it

        assertThat(time.before(1_000)).isEqualTo(500);
    }

    @Test
    void comparesAcrossTheClocksWrapAround() {
        LatestTime time = new LatestTime(Long.MAX_VALUE - 10);
        time.advanceTo(Long.MIN_VALUE + 10); // 21 ns later on a clock that wrapped

        assertThat(time.before(Long.MIN_VALUE + 20)).isEqualTo(10);
    }
}
