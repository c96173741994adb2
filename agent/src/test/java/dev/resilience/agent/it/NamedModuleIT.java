package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application run as a named module, its protected class in a package the module neither
 * exports nor opens: the body runs on a timeout worker, and a fallback method of that package is
 * called, and an onFailure exception class of another such package is made, all by reflection,
 * which the module forbids to the agent unless it opens the package.
 * Audit: every call ran unprotected, with an agent error each time.
 */
class NamedModuleIT {
    private static final Map<String, String> SOURCES = Map.of(
            "module-info.java", "module m.app { exports m.api; }",
            "m/internal/Client.java", """
                    package m.internal;
                    public class Client {
                        private int calls;
                        public String get(String key) throws java.io.IOException {
                            if (++calls < 3) {
                                throw new java.io.IOException("attempt " + calls + " fails");
                            }
                            return key + " after " + calls + " attempts on " + Thread.currentThread().getName();
                        }
                        public String down(String key) throws java.io.IOException {
                            throw new java.io.IOException("down");
                        }
                        public String slow(String key) throws InterruptedException {
                            Thread.sleep(5000);
                            return key;
                        }
                    }
                    """,
            "m/errors/ClientException.java", """
                    package m.errors;
                    public class ClientException extends RuntimeException {
                        public ClientException(String message, Throwable cause) {
                            super(message, cause);
                        }
                    }
                    """,
            "m/internal/Fallbacks.java", """
                    package m.internal;
                    class Fallbacks {
                        static String cached(String key) {
                            return "cached " + key;
                        }
                    }
                    """,
            "m/api/Main.java", """
                    package m.api;
                    public class Main {
                        public static void main(String[] args) throws Exception {
                            m.internal.Client client = new m.internal.Client();
                            System.out.println(client.get("k"));
                            System.out.println(client.down("d"));
                            try {
                                client.slow("s");
                            } catch (RuntimeException e) {
                                System.out.println(e.getClass().getName() + " caused by " + e.getCause().getClass().getName());
                            }
                        }
                    }
                    """);

    private static final String POLICY = """
            version: 1
            rules:
              - name: client
                match: { class: m.internal.Client, methods: [get] }
                retry: { maxAttempts: 3, delay: 10ms }
                timeout: 5s
              - name: down
                match: { class: m.internal.Client, methods: [down] }
                retry: off
                timeout: off
                fallback: { method: "m.internal.Fallbacks#cached" }
              - name: slow
                match: { class: m.internal.Client, methods: [slow] }
                retry: off
                timeout: 200ms
                onFailure: { exception: m.errors.ClientException }
            """;

    @Test
    void aClassInAPackageTheModuleDoesNotOpenIsProtectedOnATimeoutWorkerAndGetsItsFallbackMethod(@TempDir Path dir)
            throws IOException {
        Path modules = compile(dir);

        ForkedApp.Result result = ForkedApp.run("policy=" + ForkedApp.policy(POLICY), List.of("-p", modules.toString()),
                List.of(), "-m", "m.app/m.api.Main");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).hasSize(3);
        assertThat(result.stdout().get(0)).startsWith("k after 3 attempts on resilience-timeout-");
        assertThat(result.stdout().get(1)).isEqualTo("cached d");
        // audit: onFailure's class, in another package the module keeps to itself, was refused as "cannot be used"
        assertThat(result.stdout().get(2)).isEqualTo("m.errors.ClientException caused by dev.resilience.agent.api.CallTimeoutException");
        assertThat(result.stderr()).contains("summary rule client: successes=1 failures=0 retryAttempts=2")
                .contains("agentErrors=0").doesNotContain("internal error");
    }

    private static Path compile(Path dir) throws IOException {
        Path sources = dir.resolve("src");
        List<String> arguments = new ArrayList<>(List.of("-d", dir.resolve("mods/m.app").toString()));
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            Path file = sources.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, arguments.toArray(new String[0]))).as("javac").isZero();
        return dir.resolve("mods");
    }
}
