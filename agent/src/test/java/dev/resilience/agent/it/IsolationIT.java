package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class IsolationIT extends WireMockSupport {

    @Test
    void anApplicationWithItsOwnByteBuddyAndSnakeYamlRunsWithTheAgent() throws IOException {
        sequence("/flaky", status(503), status(200));
        List<Path> libraries;
        try (Stream<Path> files = Files.list(Path.of("target", "it-libs"))) {
            libraries = files.toList();
        }
        assertThat(libraries).extracting(p -> p.getFileName().toString())
                .anyMatch(name -> name.startsWith("byte-buddy-1.14"))
                .anyMatch(name -> name.startsWith("snakeyaml-engine-2.7"));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 2, delay: 10ms }
                """);

        ForkedApp.Result result = ForkedApp.run(policy, List.of(), libraries, "testapp.BundlesLibraries", base());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).anyMatch(line -> line.startsWith("BYTEBUDDY") && line.contains("byte-buddy-1.14"));
        assertThat(result.stdout()).anyMatch(line -> line.startsWith("SNAKEYAML") && line.contains("snakeyaml-engine-2.7")
                && line.contains("answer=42"));
        assertThat(result.call(1).ok()).isTrue();
        assertThat(requests("/flaky")).isEqualTo(2);
    }

    @Test
    void theAgentJarExposesNoThirdPartyPackage() throws IOException {
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            List<String> leaked = jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> !name.startsWith("dev/resilience/agent/"))
                    .toList();
            assertThat(leaked).isEmpty();
            // (contract audit) metadata for the unrelocated libraries: GraalVM configuration, Kotlin modules
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .noneMatch(name -> name.startsWith("META-INF/native-image/") || name.endsWith(".kotlin_module"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class")).isEqualTo("dev.resilience.agent.AgentMain");
            assertThat(jar.getManifest().getMainAttributes().getValue("Agent-Class")).isEqualTo("dev.resilience.agent.AgentMain");
            assertThat(jar.getManifest().getMainAttributes().getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.resilience.agent.cli.Cli");
        }
    }
}
