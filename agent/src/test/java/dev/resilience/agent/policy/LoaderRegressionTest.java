package dev.resilience.agent.policy;

import static dev.resilience.agent.policy.PolicyTexts.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilience.agent.cli.ValidateCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per loader bug found by the mutation fuzz test ({@link PolicyMutationFuzzTest}). */
class LoaderRegressionTest {

    /**
     * snakeyaml-engine 2.10 reads text in 1024-char chunks and throws IndexOutOfBoundsException when a
     * surrogate pair straddles a chunk's end: a valid UTF-8 policy with an emoji at an unlucky offset
     * crashed {@code validate} with a stack trace, and at start-up the agent gave up instead of
     * applying the policy.
     */
    @Test
    void acceptsAnEmojiWhereverItFallsInTheFile() {
        for (int padding = 1000; padding < 1060; padding++) {
            String yaml = "version: 1\n# " + "x".repeat(padding) + "\uD83D\uDE42\uD83D\uDE42\n" + PolicyTexts.HEAD.substring(11);
            LoadResult result = PolicyLoader.parse(yaml, "p.yaml");
            assertThat(result.errors()).as("emoji after %d chars", padding).isEmpty();
        }
    }

    @Test
    void validatesAFileWithAnEmojiOnTheReadBufferBoundary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("emoji.yaml");
        Files.writeString(file, "version: 1\n# " + "x".repeat(1009) + "\uD83D\uDE42\uD83D\uDE42\n" + PolicyTexts.HEAD.substring(11));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ValidateCommand.run(List.of(file.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(file + ": ok (1 rules)" + System.lineSeparator());
        assertThat(exit).isZero();
    }

    /** The scanner let Integer.parseInt's NumberFormatException out of an 8-digit escape above int range. */
    @Test
    void pointsAtAnEightDigitEscapeBeyondUnicode() {
        assertThat(onlyError("version: 1\nrules:\n  - name: \"a\\UFFFFFFFF\"\n")).isEqualTo("p.yaml:3:13: YAML syntax"
                + " error: the escape `\\UFFFFFFFF` in this double-quoted string is not a character; \\x, \\u and \\U"
                + " take exactly 2, 4 and 8 hex digits of a Unicode code point (at most \\U0010FFFF)");
    }

    @Test
    void findsTheBadEscapeInAFlowListAfterGoodStrings() {
        assertThat(onlyError("version: 1\nrules: [ \"a\\u00e9\", 'b\"', \"c\\U80000000\" ]\n"))
                .startsWith("p.yaml:2:29: YAML syntax error: the escape `\\U80000000`");
    }

    /** Escapes the scanner reports itself keep its message. */
    @Test
    void leavesOtherEscapeErrorsToTheScanner() {
        assertThat(onlyError("version: 1\nrules: \"\\x4\"\n")).startsWith("p.yaml:2:11: YAML syntax error: expected escape"
                + " sequence of 2 hexadecimal numbers");
    }

    /** A lone surrogate can reach {@link PolicyLoader#parse} (not a file: UTF-8 cannot encode one). */
    @Test
    void pointsAtALoneSurrogateAnywhere() {
        for (int padding = 1000; padding < 1030; padding++) {
            String yaml = "version: 1\n# " + "x".repeat(padding) + "\uD800\n" + PolicyTexts.HEAD.substring(11);
            assertThat(onlyError(yaml)).as("after %d chars", padding)
                    .isEqualTo("p.yaml:2:" + (padding + 3) + ": the character U+D800 is not allowed in YAML; remove it"
                            + " (is this a text file?)");
        }
    }

    /** snakeyaml put the raw character it choked on into its message: a line break split one problem over two lines. */
    @Test
    void keepsAYamlLibraryMessageOnOneLine() {
        assertThat(onlyError("version: 1\nrules:\n  - name: &\n")).isEqualTo("p.yaml:3:12: YAML syntax error:"
                + " unexpected character found \\n(10) (while scanning an anchor at 3:11); check indentation and quoting");
    }

    /** Values are quoted in messages; a multi-line one, or one with terminal escape sequences, is shown escaped. */
    @Test
    void escapesLineBreaksAndTerminalControlsInQuotedValues() {
        assertThat(onlyError(PolicyTexts.rule("mode: \"a\\nERROR forged line\\e[2J\\u202Eb\"")))
                .isEqualTo("p.yaml:5:11: rules[0].mode: expected one of enforce, observe,"
                        + " got \"a\\nERROR forged line\\u001B[2J\\u202Eb\"");
    }
}
