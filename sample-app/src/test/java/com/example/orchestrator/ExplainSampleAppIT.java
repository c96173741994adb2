package com.example.orchestrator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar resilience-agent.jar explain} on the sample application's jar, without running
 * it: the production policy matches exactly the adapters' public calls, and a misspelt rule is
 * flagged. Skipped when the agent jar has not been built.
 */
class ExplainSampleAppIT {
    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path APP_JAR = Path.of(System.getProperty("app.jar", "target/sample-app.jar")).toAbsolutePath();
    private static final Path POLICY = REPO.resolve("policies/sample-app.yaml");

    @TempDir
    Path dir;

    record Run(int exit, List<String> stdout, String stderr) { }

    @BeforeEach
    void agentBuilt() {
        ForkedApp.assumeAgentJar();
        assumeTrue(Files.isRegularFile(APP_JAR), "sample-app.jar not built at " + APP_JAR);
    }

    static Run explain(Path policy, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-jar", ForkedApp.agentJar().toString(), "explain", policy.toString(), "--classpath", APP_JAR.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theProductionPolicyMatchesExactlyTheAdaptersCalls() throws Exception {
        Run run = explain(POLICY, "--strict");

        assertThat(run.exit()).as(String.join("\n", run.stdout()) + run.stderr()).isZero();
        List<String> listed = run.stdout().stream().filter(line -> line.startsWith("rule ") || line.startsWith("  com.")).toList();
        assertThat(listed).containsExactly(
                "rule ollama (line " + ruleLine("ollama") + "): 2 methods",
                "  com.example.orchestrator.OllamaClient#generate(java.lang.String,java.lang.String)  [inline]",
                "  com.example.orchestrator.OllamaClient#embed(java.lang.String,java.lang.String)  [inline]",
                "rule supabase (line " + ruleLine("supabase") + "): 2 methods",
                "  com.example.orchestrator.SupabaseClient#select(java.lang.String,java.lang.String,java.lang.String)  [inline]",
                "  com.example.orchestrator.SupabaseClient#insert(java.lang.String,java.util.Map)  [inline]",
                "rule whisper (line " + ruleLine("whisper") + "): 1 method",
                "  com.example.orchestrator.WhisperClient#transcribe(byte[],java.lang.String)  [inline]",
                "rule storage-upload (line " + ruleLine("storage-upload") + "): 1 method",
                "  com.example.orchestrator.StorageClient#upload(java.lang.String,java.lang.String,byte[])  [handoff]",
                "rule storage-download (line " + ruleLine("storage-download") + "): 1 method",
                "  com.example.orchestrator.StorageClient#download(java.lang.String,java.lang.String)  [handoff]");
        assertThat(run.stdout()).contains("7 methods matched; 0 warnings, 0 errors");
    }

    @Test
    void aMisspeltRuleIsFlaggedAndStrictFailsOnIt() throws Exception {
        Path policy = dir.resolve("typo.yaml");
        Files.writeString(policy, Files.readString(POLICY) + """
                  - name: ollama-typo
                    match:
                      class: com.example.orchestrator.OlamaClient
                      methods: [generate]
                """);
        int line = (int) Files.readString(POLICY).lines().count() + 3;

        Run lenient = explain(policy);
        Run strict = explain(policy, "--strict");

        assertThat(lenient.exit()).isZero();
        assertThat(lenient.stdout()).contains("rule ollama-typo (line " + (line - 2) + "): no methods")
                .contains(policy + ":" + line + ":7: warning: rule ollama-typo matches no method on this class path: there is"
                        + " no class com.example.orchestrator.OlamaClient on it; did you mean"
                        + " com.example.orchestrator.OllamaClient?");
        assertThat(strict.exit()).isEqualTo(1);
    }

    /** The line of a rule's {@code - name:} in the production policy, so comment edits there do not break this test. */
    private static int ruleLine(String rule) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(POLICY);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().equals("- name: " + rule)) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no rule " + rule + " in policies/sample-app.yaml");
    }
}
