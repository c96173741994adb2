package com.example.orchestrator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.orchestrator.demo.RunData;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Main} in a forked JVM whose class path holds only the application jar, optionally
 * with {@code -javaagent}. Paths come from system properties set by failsafe (see the pom):
 * {@code agent.jar}, {@code app.jar}, {@code it.java}.
 */
final class ForkedApp {
    private ForkedApp() {}

    record Result(int exitCode, String stdout, List<String> stderr, RunData data) {}

    static Path agentJar() {
        return Path.of(System.getProperty("agent.jar", "../agent/target/resilience-agent.jar")).toAbsolutePath().normalize();
    }

    /** Skips the calling test, saying why, when the agent has not been built. */
    static void assumeAgentJar() {
        assumeTrue(Files.isRegularFile(agentJar()), "agent jar not found at " + agentJar()
                + ": build the agent module first (mvn -B verify from the repository root), or pass -Dagent.jar=PATH");
    }

    static Path policy(String name) {
        try {
            return Path.of(ForkedApp.class.getResource("/policies/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs Main against one base URL for all four services (their paths do not overlap). */
    static Result run(Path policyOrNull, String baseUrl, String... extraArgs) throws IOException, InterruptedException {
        Path appJar = Path.of(System.getProperty("app.jar", "target/sample-app.jar")).toAbsolutePath();
        Files.createDirectories(Path.of("target", "it-runs"));
        Path dir = Files.createTempDirectory(Path.of("target", "it-runs"), "forked-app");
        Path report = dir.resolve("report.json");
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (policyOrNull != null) cmd.add("-javaagent:" + agentJar() + "=" + policyOrNull);
        cmd.addAll(List.of("-cp", appJar.toString(), Main.class.getName(),
                "--whisper", baseUrl, "--ollama", baseUrl, "--supabase", baseUrl, "--storage", baseUrl,
                "--report-json", report.toString(), "--guard", "30"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("forked app did not end within 60 s: " + cmd);
        }
        String stdout = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
        List<String> stderr = Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        if (!Files.exists(report)) {
            throw new AssertionError("forked app wrote no report (exit " + p.exitValue() + ")\nstdout:\n" + stdout
                    + "\nstderr:\n" + String.join("\n", stderr));
        }
        return new Result(p.exitValue(), stdout, stderr, RunData.read(report));
    }
}
