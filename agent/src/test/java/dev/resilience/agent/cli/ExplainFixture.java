package dev.resilience.agent.cli;

import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** explain run in-process against this module's test classes (package testapp), for the tests of {@link ExplainCommand}. */
abstract class ExplainFixture {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Path testClasses() {
        try {
            return Path.of(ExplainFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Path policy(String rules) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "version: 1\nrules:\n" + rules);
        return file;
    }

    Run explainOn(String classPath, Path policy, String... options) {
        List<String> args = new ArrayList<>(List.of(policy.toString(), "--classpath", classPath));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExplainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run explain(Path policy, String... options) {
        return explainOn(testClasses().toString(), policy, options);
    }
}
