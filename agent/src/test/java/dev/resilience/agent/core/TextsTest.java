package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How transition lines write the time an outage lasted: rounded for a reader, never in raw nanoseconds. */
class TextsTest {
    @Test
    void anElapsedTimeIsRoundedToWhatAReaderNeeds() {
        assertThat(Texts.elapsed(Duration.ofMillis(850).toNanos())).isEqualTo("850ms");
        assertThat(Texts.elapsed(Duration.ofMillis(42_499).toNanos())).isEqualTo("42s");
        assertThat(Texts.elapsed(Duration.ofMillis(59_600).toNanos())).isEqualTo("1m00s");
        assertThat(Texts.elapsed(Duration.ofSeconds(73).toNanos())).isEqualTo("1m13s");
        assertThat(Texts.elapsed(Duration.ofMinutes(125).plusSeconds(20).toNanos())).isEqualTo("2h05m");
        assertThat(Texts.elapsed(-5)).isEqualTo("0ms");
    }
}
