package dev.resilience.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code attach} refuses before it loads anything into a JVM (an agent, once loaded, cannot
 * be unloaded). In-process; attaching itself is {@code AttachIT}'s.
 */
class AttachCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) { }

    private Run attach(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AttachCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String validPolicy() throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "version: 1\nrules:\n  - name: legacy\n    match: { class: testapp.LegacyClient }\n");
        return file.toString();
    }

    /** Regression (audit): the argument was only refused by the agent, once loaded into the target. */
    @Test
    void anInvalidAgentArgumentIsAUsageErrorBeforeAttaching() throws IOException {
        Run run = attach("999999999", validPolicy(), "bogus=1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("attach: invalid agent argument: ").contains("bogus");
        assertThat(run.out()).isEmpty();
    }

    /** Regression (audit): the message named the attach provider's relocated class. */
    @Test
    void aProcessThatDoesNotExistIsSaidSoInPlainWords() throws IOException {
        Run run = attach("999999999", validPolicy());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("attach: no process 999999999 is running (see attach --list)" + System.lineSeparator());
    }

    @Test
    void aProcessIdTooLongForOneIsAUsageError() throws IOException {
        Run run = attach("99999999999999999999", validPolicy());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not a process id");
    }

    /** Audit: the agent loaded into the command itself, which then exited 0 saying it had attached. */
    @Test
    void thisCommandsOwnJvmIsAUsageError() throws IOException {
        String self = String.valueOf(ProcessHandle.current().pid());
        Run run = attach(self, validPolicy());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("attach: " + self + " is this command's own JVM; give the application's PID"
                + " (see attach --list)");
        assertThat(run.out()).isEmpty();
    }
}
