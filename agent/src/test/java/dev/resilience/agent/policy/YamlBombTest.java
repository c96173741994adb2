package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs built to cost a parser time or memory, too large to keep as files in the corpus. Each is
 * refused with one positioned problem (or one file-level problem) well inside a hang guard; the
 * guard is far above the tens of milliseconds they take, it only catches a blow-up.
 */
class YamlBombTest {
    static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private static List<PolicyError> refused(String yaml) {
        LoadResult result = assertTimeoutPreemptively(HANG_GUARD, () -> PolicyLoader.parse(yaml, "p.yaml"));
        assertThat(result.ok()).isFalse();
        return result.errors();
    }

    @Test
    void refusesAFileOverOneMegabyteWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "version: 1\nrules: []\n# " + "x".repeat(2 * 1024 * 1024) + "\n");

        LoadResult result = assertTimeoutPreemptively(HANG_GUARD, () -> PolicyLoader.load(file, "huge.yaml"));

        assertThat(result.errors()).extracting(PolicyError::toString).containsExactly("huge.yaml:1:1: the file has 2097176"
                + " bytes; a policy may have at most 1048576 (1 MB); is this the right file?");
    }

    @Test
    void refusesHalfAMillionOpeningBrackets() {
        assertThat(refused("version: 1\nrules: " + "[".repeat(500_000) + "\n")).extracting(PolicyError::toString)
                .containsExactly("p.yaml:2:57: the YAML nests deeper than 50 levels; a policy needs fewer than 10");
    }

    @Test
    void refusesAMegabyteOfAliasesToOneScalar() {
        StringBuilder yaml = new StringBuilder("version: 1\nx: &a y\nrules:\n");
        while (yaml.length() < 1_000_000) {
            yaml.append("  - *a\n");
        }
        assertThat(refused(yaml.toString())).extracting(PolicyError::toString)
                .containsExactly("p.yaml:10004:5: aliases expand to more than 10000 values; refusing what looks like a YAML"
                        + " bomb (write the values out, or use fewer aliases)");
    }

    /** Review: anchor names built to share one hash made each anchor cost a scan of all the others. */
    @Test
    void refusesMoreThanAThousandAnchors() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules: [ { name: a, match: { class: com.example.A } } ]\nx:\n");
        for (int i = 0; i <= SafeYaml.MAX_ANCHORS; i++) {
            yaml.append("  - &a").append(i).append(" 1\n");
        }

        assertThat(refused(yaml.toString())).extracting(PolicyError::toString).containsExactly(
                "p.yaml:1004:5: more than 1000 anchors (&name); a policy needs a few: put what rules share in `defaults`");
    }

    @Test
    void acceptsAThousandAnchors() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules: [ { name: a, match: { class: com.example.A } } ]\nx:\n");
        for (int i = 0; i < SafeYaml.MAX_ANCHORS; i++) {
            yaml.append("  - &a").append(i).append(" 1\n");
        }

        assertThat(PolicyLoader.parse(yaml.toString(), "p.yaml").errors()).extracting(PolicyError::toString)
                .containsExactly("p.yaml:3:1: x: unknown key; the keys of the top level are version, defaults, rules");
    }

    @Test
    void refusesAMegabyteLongKey() {
        assertThat(refused("version: 1\n" + "k".repeat(1_000_000) + ": 1\n")).extracting(PolicyError::toString)
                .containsExactly("p.yaml:2:1: YAML syntax error: a key longer than 1024 characters, YAML's limit for a"
                        + " plain key; shorten it");
    }

    /** Audit: a byte order mark inside an 80-byte file was reported as a key over 1,024 characters. */
    @Test
    void aStrayByteOrderMarkIsNoLongKey() {
        assertThat(refused("version: 1\nrules:\n  - name: legacy\n    match:\n      class: app.Client\n\uFEFF"))
                .extracting(PolicyError::toString).singleElement().asString()
                .startsWith("p.yaml:6:1: YAML syntax error: ").doesNotContain("1024");
    }

    @Test
    void quotesAMegabyteValueShortened() {
        List<PolicyError> errors = refused("version: 1\nrules: " + "a".repeat(1_000_000) + "\n");
        assertThat(errors).extracting(PolicyError::toString).containsExactly("p.yaml:2:8: rules: expected a list of rules"
                + " (each item starts with `- name:`), got \"" + "a".repeat(57) + "...\"");
    }

    /**
     * A pipe would block the reader (and a JVM's start) for ever; a device never ends and reads 0 as
     * its size: a policy path (a committed symlink, say) that is not a regular file is refused unread.
     */
    @Test
    void refusesAPipeAndADeviceWithoutReadingThem(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("policy.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");

        for (Path notAFile : List.of(fifo, Path.of("/dev/zero"))) {
            LoadResult result = assertTimeoutPreemptively(HANG_GUARD, () -> PolicyLoader.load(notAFile, "p.yaml"));

            assertThat(result.errors()).extracting(PolicyError::toString).as(notAFile.toString()).containsExactly(
                    "p.yaml:1:1: cannot read: not a regular file (a directory, a device or a pipe); a policy is a text file");
        }
    }
}
