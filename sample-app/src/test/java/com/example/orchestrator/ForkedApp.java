package com.example.orchestrator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.orchestrator.demo.RunData;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Main} (or a test's own main class) in a forked JVM whose class path holds the
 * application jar (and target/test-classes for the test's main classes), optionally with
 * {@code -javaagent}. Paths come from system properties set by
 * failsafe (see the pom): {@code agent.jar}, {@code app.jar}, {@code it.java}.
 */
final class ForkedApp {
    private ForkedApp() {}

    record Result(int exitCode, String stdout, List<String> stderr, RunData data) {}

    /** A forked JVM's exit, output and the directory it could write its files to. */
    record Fork(int exitCode, String stdout, List<String> stderr, Path dir) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + String.join("\n", stderr);
        }
    }

    static Path agentJar() {
        return Path.of(System.getProperty("agent.jar", "../agent/target/resilience-agent.jar")).toAbsolutePath().normalize();
    }

    static Path appJar() {
        return Path.of(System.getProperty("app.jar", "target/sample-app.jar")).toAbsolutePath();
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

    /**
     * Runs Main against one base URL for all four services (their paths do not overlap), after a
     * warm-up job against {@code baseUrl + "/warm-up"} ({@link WarmedUpMain}), whose endpoints the
     * caller stubs healthy ({@link #stubWarmUp}).
     */
    static Result run(Path policyOrNull, String baseUrl, String... extraArgs) throws IOException, InterruptedException {
        Path dir = newDir();
        Path report = dir.resolve("report.json");
        List<String> args = new ArrayList<>(List.of(baseUrl, "--whisper", baseUrl, "--ollama", baseUrl, "--supabase", baseUrl,
                "--storage", baseUrl, "--report-json", report.toString(), "--guard", "30"));
        args.addAll(List.of(extraArgs));
        Fork f = fork(policyOrNull, WarmedUpMain.class.getName(), List.of(appJar(), testClasses()), args, dir, 60);
        if (!Files.exists(report)) throw new AssertionError("forked app wrote no report\n" + f.describe());
        return new Result(f.exitCode(), f.stdout(), f.stderr(), RunData.read(report));
    }

    /** Healthy answers for the warm-up job of {@link #run} and {@link FaultCaseRunner}. */
    static void stubWarmUp(com.github.tomakehurst.wiremock.junit5.WireMockExtension wm) {
        for (ServiceEndpoint e : ServiceEndpoint.values()) wm.stubFor(e.stub(FaultCaseRunner.WARM_UP).willReturn(e.healthy()));
    }

    /** Where this class was loaded from (target/test-classes): the forked JVMs' test-side main classes. */
    static Path testClasses() {
        try {
            return Path.of(ForkedApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh directory under target/it-runs for one fork's files. */
    static Path newDir() throws IOException {
        Files.createDirectories(Path.of("target", "it-runs"));
        return Files.createTempDirectory(Path.of("target", "it-runs"), "forked-app");
    }

    /**
     * Runs {@code mainClass} in a new JVM with {@code classPath}, under the agent when a policy is
     * given; stdout and stderr go to files in {@code dir}. Fails when the JVM is still running after
     * {@code timeoutSeconds}.
     */
    static Fork fork(Path policyOrNull, String mainClass, List<Path> classPath, List<String> args, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (policyOrNull != null) cmd.add("-javaagent:" + agentJar() + "=" + policyOrNull);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        cmd.add(mainClass);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("forked JVM did not end within " + timeoutSeconds + " s: " + cmd);
        }
        return new Fork(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8), dir);
    }
}
