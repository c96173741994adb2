package dev.resilience.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MeterDefTest {
    private final AtomicLong reading = new AtomicLong();

    @Test
    void aCounterNeverReportsLessThanBeforeSoPrometheusSeesNoReset() {
        MeterDef counter = MeterDef.counter("c", "d", new String[] {"rule", "r"}, reading::get);
        reading.set(5);
        assertThat(counter.value()).isEqualTo(5);

        reading.set(4); // a retry taken back, or two adders read between a call's two increments
        assertThat(counter.value()).isEqualTo(5);

        reading.set(7);
        assertThat(counter.value()).isEqualTo(7);
    }

    @Test
    void aGaugeReportsWhatItReads() {
        MeterDef gauge = MeterDef.gauge("g", "d", new String[0], reading::get);
        reading.set(1);
        assertThat(gauge.value()).isEqualTo(1);
        reading.set(0);
        assertThat(gauge.value()).isZero();
    }

    @Test
    void aTimerReadsItsCountAndTotal() {
        MeterDef timer = MeterDef.timer("t", "d", new String[0], () -> 3, () -> 1_500_000_000L);
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalNanos()).isEqualTo(1.5e9);
    }

    @Test
    void tagsAreHandedOutAsACopy() {
        MeterDef counter = MeterDef.counter("c", "d", new String[] {"rule", "r"}, reading::get);
        counter.tags()[1] = "changed";
        assertThat(counter.tagList()).containsExactly("rule=r");
    }
}
