package dev.resilience.agent.it;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reload tests share: a policy file in a temporary directory, rewritten as editors do,
 * and gates the forked application waits on.
 */
abstract class ReloadFixture extends WireMockSupport {
    static final String UNCHECKED_RETRY_THREE = """
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                retry: { maxAttempts: 3, delay: 50ms, retryOn: [java.io.UncheckedIOException] }
                timeout: off
                circuitBreaker: off
            """;

    static final String LEGACY_RETRY_THREE = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 3, delay: 50ms }
                timeout: off
                circuitBreaker: off
            """;

    @TempDir
    Path dir;

    Path policy;

    String writePolicy(String yaml) throws IOException {
        policy = dir.resolve("policy.yaml");
        Files.writeString(policy, yaml);
        return policy.toString();
    }

    /** Saves the way editors do: a new file renamed over the old one. */
    void replacePolicy(String yaml) throws IOException {
        Path next = dir.resolve("policy.yaml.tmp");
        Files.writeString(next, yaml);
        Files.move(next, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    ForkedApp.Running start(String agentArgument, String... steps) {
        List<String> args = new ArrayList<>(List.of(base()));
        args.addAll(List.of(steps));
        return ForkedApp.start(agentArgument, List.of(), "testapp.Scenario", args.toArray(String[]::new));
    }

    String gate(String name) {
        return dir.resolve(name).toString();
    }

    void open(String gate) throws IOException {
        Files.createFile(Path.of(gate));
    }


    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
