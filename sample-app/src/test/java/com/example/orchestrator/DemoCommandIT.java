package com.example.orchestrator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 3: the application's command line takes {@code --demo}. {@code sample-app.jar} holds the
 * application alone, so it runs the demo jar beside it (audit: it only said that the demo needs
 * another class path, exit 2), with the demo's options and settings. A short run: 4 jobs.
 */
class DemoCommandIT {
    private static final Path APP_JAR = Path.of(System.getProperty("app.jar", "target/sample-app.jar")).toAbsolutePath();

    @Test
    void theAppJarsDemoOptionRunsTheDemoWithTheOptionsAndSettingsGiven(@TempDir Path dir) throws Exception {
        ForkedApp.assumeAgentJar();
        assumeTrue(Files.isRegularFile(APP_JAR.resolveSibling("sample-app-demo.jar")), "the demo jar is not built");
        Path report = dir.resolve("report.html");
        Path output = dir.resolve("out.txt");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddemo.report=" + report, "-jar", APP_JAR.toString(),
                "--demo", "--jobs", "4", "--concurrency", "2", "--interval", "10", "--seed", "7"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();

        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("resilience-agent demo: 4 jobs, 2 workers, one every 10 ms, seed 7").contains("jobs completed");
        assertThat(report).as("the demo's -Ddemo.report, passed on").isRegularFile();
    }
}
