package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {

    @Nested
    class Durations {
        @Test
        void parsesEveryUnitAndDecimals() {
            assertThat(DurationFormat.parse("250ms")).contains(Duration.ofMillis(250));
            assertThat(DurationFormat.parse("10s")).contains(Duration.ofSeconds(10));
            assertThat(DurationFormat.parse("2m")).contains(Duration.ofMinutes(2));
            assertThat(DurationFormat.parse("1h")).contains(Duration.ofHours(1));
            assertThat(DurationFormat.parse("0.5ms")).contains(Duration.ofNanos(500_000));
        }

        @Test
        void refusesBareNumbersSpacesAndSigns() {
            assertThat(DurationFormat.parse("10")).isEmpty();
            assertThat(DurationFormat.parse("10 s")).isEmpty();
            assertThat(DurationFormat.parse("-1s")).isEmpty();
            assertThat(DurationFormat.parse(".5s")).isEmpty();
        }

        @Test
        void formatsInTheLargestExactUnit() {
            assertThat(DurationFormat.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
            assertThat(DurationFormat.format(Duration.ofSeconds(90))).isEqualTo("90s");
            assertThat(DurationFormat.format(Duration.ofMinutes(120))).isEqualTo("2h");
            assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0ms");
            assertThat(DurationFormat.format(Duration.ofNanos(500_000))).isEqualTo("0.5ms");
        }
    }

    @Nested
    class Suggestions {
        @Test
        void prefersACaseInsensitiveMatch() {
            assertThat(DidYouMean.closest("MAXDELAY", List.of("delay", "maxDelay"))).contains("maxDelay");
        }

        @Test
        void suggestsWithinTwoEditsOnly() {
            assertThat(DidYouMean.closest("retyr", List.of("retry", "timeout"))).contains("retry");
            assertThat(DidYouMean.closest("backoff", List.of("retry", "timeout"))).isEmpty();
        }
    }

    @Nested
    class LoadingFiles {
        @TempDir
        Path dir;

        @Test
        void refusesAFileOverOneMegabyteWithoutReadingIt() throws IOException {
            Path big = dir.resolve("big.yaml");
            Files.write(big, new byte[(int) PolicyLoader.MAX_FILE_BYTES + 1]);
            LoadResult result = PolicyLoader.load(big, "big.yaml");
            assertThat(result.ok()).isFalse();
            assertThat(result.errors()).extracting(PolicyError::toString).containsExactly(
                    "big.yaml: the file has 1048577 bytes; a policy may have at most 1048576 (1 MB); is this the right file?");
        }

        @Test
        void refusesAFileThatIsNotUtf8() throws IOException {
            Path latin1 = dir.resolve("latin1.yaml");
            Files.write(latin1, new byte[] {'v', ':', ' ', (byte) 0xE9, '\n'});
            assertThat(PolicyLoader.load(latin1, "latin1.yaml").errors()).extracting(PolicyError::toString)
                    .containsExactly("latin1.yaml: cannot read: the file is not UTF-8 text");
        }

        @Test
        void printsPositionedErrorsAsFileLineColumnMessage() {
            assertThat(new PolicyError("p.yaml", 3, 7, "boom")).hasToString("p.yaml:3:7: boom");
        }
    }
}
