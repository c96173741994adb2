package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static dev.resilience.agent.core.OutcomeLog.FAILED;
import static dev.resilience.agent.core.OutcomeLog.SLOW;
import static org.assertj.core.api.Assertions.assertThat;

class OutcomeLogTest {

    @Test
    void countsWhatItHoldsAndForgetsWhatLeftTheWindow() {
        OutcomeLog log = new OutcomeLog(10);
        log.append(1, FAILED);
        log.append(3, SLOW);
        log.append(4, FAILED | SLOW);
        assertThat(log.failures()).isEqualTo(2);
        assertThat(log.slow()).isEqualTo(2);

        log.evictUpTo(3);
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.failures()).isEqualTo(1);
        assertThat(log.slow()).isEqualTo(1);

        log.evictUpTo(100);
        assertThat(log.size()).isZero();
        assertThat(log.failures()).isZero();
        assertThat(log.slow()).isZero();
    }

    @Test
    void growsUpToTheWindowSizeAndKeepsOrderAcrossTheWrap() {
        int window = 1000;
        OutcomeLog log = new OutcomeLog(window);
        // A sliding window that is all failures: the ring fills, wraps and grows while it slides.
        for (long position = 1; position <= 10 * window; position++) {
            log.evictUpTo(position - window);
            log.append(position, FAILED);
            assertThat(log.failures()).isEqualTo((int) Math.min(position, window));
        }
        assertThat(log.size()).isEqualTo(window);
        assertThat(log.slow()).isZero();

        log.evictUpTo(10L * window - 10);
        assertThat(log.failures()).isEqualTo(10);
    }

    @Test
    void sparseFailuresKeepTheRingSmall() {
        OutcomeLog log = new OutcomeLog(100_000);
        for (long position = 1; position <= 1_000_000; position += 1_000) {
            log.evictUpTo(position - 100_000);
            log.append(position, FAILED);
        }
        assertThat(log.failures()).isEqualTo(100);
    }
}
