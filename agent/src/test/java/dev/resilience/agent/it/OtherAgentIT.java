package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another Java agent beside this one (a mocking library, an APM agent) retransforms a protected
 * class: the class stays protected, and the log stays quiet, since nothing of the policy changed.
 * Audit: each such retransformation logged "re-instrumented ..." at INFO, as a reload does.
 */
class OtherAgentIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient, methods: [get] }
                retry: { maxAttempts: 2, delay: 10ms }
                timeout: off
                circuitBreaker: off
            """;

    @Test
    void aClassAnotherAgentRetransformsStaysProtectedAndTheLogQuiet(@TempDir Path dir) throws IOException {
        sequence("/flaky", status(503), status(200));
        Path otherAgent = otherAgentJar(dir);

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), List.of("-javaagent:" + otherAgent), List.of(),
                "testapp.Scenario", base(), "retransform:testapp.LegacyClient", "retransform:testapp.LegacyClient",
                "legacy.get:/flaky");

        assertThat(result.stdout()).as(result.toString()).contains("RETRANSFORMED testapp.LegacyClient");
        assertThat(result.call(1).ok()).isTrue();
        assertThat(requests("/flaky")).as("retried after the retransformations").isEqualTo(2);
        assertThat(result.stderr()).doesNotContain("instrumented testapp.LegacyClient").doesNotContain("WARN")
                .doesNotContain("ERROR");
    }

    /** A jar with only a manifest: its agent class, {@code testapp.OtherAgent}, comes from the class path. */
    private static Path otherAgentJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Premain-Class", "testapp.OtherAgent");
        attributes.putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve("other-agent.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
