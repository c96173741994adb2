package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TuningPropertyTest {
    private final TuningProperty workers = TuningProperty.MAX_TIMEOUT_THREADS;
    private final TuningProperty interval = TuningProperty.RELOAD_INTERVAL_MILLIS;

    @Test
    void aWholeNumberInRangeIsTaken() {
        assertThat(workers.valueOf("8")).isEqualTo(8);
        assertThat(workers.valueOf(" 1 ")).isEqualTo(1);
        assertThat(workers.problem("8")).isNull();
    }

    @Test
    void unsetIsTheDefaultWithoutAWord() {
        assertThat(workers.valueOf(null)).isEqualTo(256);
        assertThat(workers.problem(null)).isNull();
    }

    @Test
    void belowTheMinimumIsTheDefaultAndNamed() {
        assertThat(workers.valueOf("0")).isEqualTo(256);
        assertThat(workers.problem("0")).isEqualTo("-Dresilience.timeout.maxThreads=0 is not taken: it must be a whole"
                + " number from 1; the default, 256, is used");
    }

    @Test
    void aTypoOrAnAmountWithAUnitIsTheDefaultAndNamed() {
        assertThat(interval.valueOf("2s")).isEqualTo(500);
        assertThat(interval.problem("2s")).isEqualTo("-Dresilience.reload.intervalMillis=2s is not taken: it must be a"
                + " whole number from 1 to 3600000; the default, 500, is used");
        assertThat(workers.valueOf("99999999999")).as("past an int").isEqualTo(256);
    }

    @Test
    void spinningCanBeTurnedOff() {
        assertThat(TuningProperty.SPIN_MICROS.valueOf("0")).isZero();
        assertThat(TuningProperty.SPIN_MICROS.defaultValue()).isEqualTo(HandoffWait.DEFAULT_SPIN_NANOS / 1000);
    }
}
