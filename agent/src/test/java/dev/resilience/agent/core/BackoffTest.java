package dev.resilience.agent.core;

import dev.resilience.agent.policy.RetrySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    static RetrySettings retry(Duration delay, double multiplier, Duration maxDelay, double jitter) {
        return new RetrySettings(3, delay, multiplier, maxDelay, jitter,
                List.of("java.io.IOException"), List.of(), null, Set.of());
    }

    static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    @Test
    void growsByTheMultiplierFromTheDelayUntilTheCap() {
        Backoff backoff = Backoff.of(retry(Duration.ofMillis(500), 1.5, Duration.ofSeconds(10), 0));

        assertThat(backoff.delayNanos(1, 0.3)).isEqualTo(ms(500));
        assertThat(backoff.delayNanos(2, 0.3)).isEqualTo(ms(750));
        assertThat(backoff.delayNanos(3, 0.3)).isEqualTo(ms(1125));
        assertThat(backoff.delayNanos(4, 0.3)).isEqualTo(ms(1687.5));
        assertThat(backoff.delayNanos(5, 0.3)).isEqualTo(ms(2531.25));
        assertThat(backoff.delayNanos(6, 0.3)).isEqualTo(ms(3796.875));
        assertThat(backoff.delayNanos(7, 0.3)).isEqualTo(ms(5695.3125));
        assertThat(backoff.delayNanos(8, 0.3)).isEqualTo(ms(8542.96875));
        assertThat(backoff.delayNanos(9, 0.3)).isEqualTo(ms(10_000));
        assertThat(backoff.delayNanos(10, 0.3)).isEqualTo(ms(10_000));
        assertThat(backoff.delayNanos(1_000_000, 0.3)).isEqualTo(ms(10_000));
        assertThat(backoff.maxDelayNanos()).isEqualTo(ms(10_000));
    }

    @Test
    void multiplierOneKeepsTheDelay() {
        Backoff backoff = Backoff.of(retry(Duration.ofMillis(200), 1.0, Duration.ofSeconds(1), 0));
        assertThat(backoff.delayNanos(1, 0)).isEqualTo(ms(200));
        assertThat(backoff.delayNanos(100, 0)).isEqualTo(ms(200));
    }

    /** The contract's range is 0 <= jitter <= 1, both ends included (mutation testing: 1 was never tried). */
    @Test
    void jitterOfOneDrawsAnywhereFromNothingToTwiceTheWait() {
        Backoff backoff = Backoff.of(retry(Duration.ofMillis(200), 1.0, Duration.ofSeconds(1), 1.0));
        assertThat(backoff.delayNanos(1, 0.0)).isZero();
        assertThat(backoff.delayNanos(1, 0.5)).isEqualTo(ms(200));
        assertThat(backoff.delayNanos(1, 0.75)).isEqualTo(ms(300));
    }

    @Test
    void retryNumbersBeyondThePrecomputedTableStillGrowAndCap() {
        // 1 ns * 1.01^n reaches 1 hour only after ~2,250 retries: far past the precomputed table
        Backoff backoff = Backoff.of(retry(Duration.ofNanos(1_000), 1.01, Duration.ofHours(1), 0));
        assertThat(backoff.delayNanos(100, 0)).isEqualTo(Math.round(1_000 * Math.pow(1.01, 99)));
        assertThat(backoff.delayNanos(101, 0)).isGreaterThan(backoff.delayNanos(100, 0));
        assertThat(backoff.delayNanos(5_000, 0)).isEqualTo(Duration.ofHours(1).toNanos());
    }

    @Test
    void jitterSpreadsUniformlyAroundTheWait() {
        Backoff backoff = Backoff.of(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.25));

        assertThat(backoff.delayNanos(1, 0.0)).isEqualTo(ms(750));
        assertThat(backoff.delayNanos(1, 0.5)).isEqualTo(ms(1000));
        assertThat(backoff.delayNanos(1, 0.75)).isEqualTo(ms(1125));
        assertThat(backoff.delayNanos(1, Math.nextDown(1.0))).isBetween(ms(1249.999), ms(1250));
        assertThat(backoff.delayNanos(2, 0.0)).isEqualTo(ms(1500));
    }

    @Test
    void jitterNeverExceedsTheCap() {
        Backoff backoff = Backoff.of(retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4), 0.5));
        // retry 3: 4 s (capped); jitter could reach 6 s but stays at the cap
        assertThat(backoff.delayNanos(3, 0.0)).isEqualTo(ms(2000));
        assertThat(backoff.delayNanos(3, 0.9)).isEqualTo(ms(4000));
        assertThat(backoff.delayNanos(3, 0.25)).isEqualTo(ms(3000));
    }

    @Test
    void rejectsInvalidSettingsAndArguments() {
        assertThatThrownBy(() -> Backoff.of(retry(Duration.ZERO, 1.5, Duration.ofSeconds(1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> Backoff.of(retry(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> Backoff.of(retry(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> Backoff.of(retry(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(1), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> Backoff.of(retry(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(1), 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");

        Backoff jittered = Backoff.of(retry(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(9), 0.1));
        assertThatThrownBy(() -> jittered.delayNanos(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jittered.delayNanos(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
