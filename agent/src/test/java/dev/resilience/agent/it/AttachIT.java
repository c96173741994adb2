package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar resilience-agent.jar attach PID POLICY} against a test application started
 * without the agent: its behaviour changes mid-run, seen in WireMock's request journal.
 */
class AttachIT extends WireMockSupport {
    private static final String RETRY_THREE = """
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

    @Test
    void attachingMakesARunningApplicationRetryAndAttachingAgainReplacesThePolicy() throws IOException {
        for (String path : List.of("/before", "/after-first", "/after-second")) {
            stub(path, status(503));
        }
        Path gate1 = dir.resolve("gate1");
        Path gate2 = dir.resolve("gate2");
        try (ForkedApp.Running app = ForkedApp.start(null, List.of(), "testapp.Scenario", base(),
                "legacy.get:/before", "waitfile:" + gate1, "legacy.get:/after-first", "waitfile:" + gate2,
                "legacy.get:/after-second")) {
            app.awaitStdoutLine("WAITING " + gate1);
            assertThat(requests("/before")).isEqualTo(1);

            ForkedApp.Result attach = ForkedApp.cli("attach", String.valueOf(app.pid()), ForkedApp.policy(RETRY_THREE));

            assertThat(attach.exitCode()).as(attach.toString()).isZero();
            assertThat(String.join("\n", attach.stdout())).startsWith("attached to " + app.pid() + ": ok: policy ")
                    .contains("1 rule (legacy)").contains("legacy 4 methods");
            Files.createFile(gate1);
            app.awaitStdoutLine("WAITING " + gate2);
            assertThat(requests("/after-first")).isEqualTo(3);

            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            // the first attach asked for no endpoint: this one's metrics.port starts it
            ForkedApp.Result again = ForkedApp.cli("attach", String.valueOf(app.pid()),
                    ForkedApp.policy(RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 2")), "metrics.port=" + port);

            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(String.join("\n", again.stdout())).contains("policy replaced by").contains("legacy changed");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> http.send(scrape, HttpResponse.BodyHandlers.ofString()).body()
                            .contains("resilience_calls_total{method=\"testapp.LegacyClient#get(java.lang.String)\""));
            Files.createFile(gate2);
            ForkedApp.Result result = app.finish();
            // wrapped once by the second policy: 2 attempts, not 3 x 2
            assertThat(requests("/after-second")).as(result.toString()).isEqualTo(2);
            assertThat(result.call(3).suppressed()).isEqualTo(1);
            assertThat(result.stderr()).contains("[resilience-agent] INFO policy replaced by");
        }
    }

    @Test
    void anInvalidPolicyIsRefusedBeforeAttachingAndTheApplicationIsUntouched() throws IOException {
        stub("/x", status(503));
        Path gate = dir.resolve("gate");
        String invalid = ForkedApp.policy(RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 0"));
        try (ForkedApp.Running app = ForkedApp.start(null, List.of(), "testapp.Scenario", base(), "waitfile:" + gate,
                "legacy.get:/x")) {
            app.awaitStdoutLine("WAITING " + gate);

            ForkedApp.Result attach = ForkedApp.cli("attach", String.valueOf(app.pid()), invalid);

            assertThat(attach.exitCode()).isEqualTo(1);
            assertThat(attach.stdout()).anySatisfy(line -> assertThat(line).startsWith(invalid + ":5:").contains("maxAttempts"));
            Files.createFile(gate);
            ForkedApp.Result result = app.finish();
            assertThat(result.stderr()).doesNotContain("[resilience-agent]");
            assertThat(requests("/x")).isEqualTo(1);
        }
    }

    /**
     * Audit: attaching again with a fallback that does not fit a method protected by the policy in
     * force went on, leaving that method unprotected, and said "ok". It is refused; the policy in
     * force stays, and the method is still retried.
     */
    @Test
    void attachingAgainWithAFallbackThatDoesNotFitAProtectedMethodIsRefused() throws IOException {
        stub("/x", status(503));
        Path gate = dir.resolve("gate");
        String misfit = ForkedApp.policy(RETRY_THREE + "    fallback: { value: 5 }\n");
        try (ForkedApp.Running app = ForkedApp.start(null, List.of(), "testapp.Scenario", base(), "legacy.get:/warm",
                "waitfile:" + gate, "legacy.get:/x")) {
            app.awaitStdoutLine("WAITING " + gate);
            assertThat(ForkedApp.cli("attach", String.valueOf(app.pid()), ForkedApp.policy(RETRY_THREE)).exitCode()).isZero();

            ForkedApp.Result again = ForkedApp.cli("attach", String.valueOf(app.pid()), misfit);

            assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
            assertThat(again.stdout()).anySatisfy(line -> assertThat(line).contains("rejected: a fallback does not fit"));
            Files.createFile(gate);
            ForkedApp.Result result = app.finish();
            assertThat(result.stderr()).contains("fallback does not fit testapp.LegacyClient#get(java.lang.String)")
                    .contains("attach rejected: ");
            assertThat(requests("/x")).as("still retried under the policy in force").isEqualTo(3);
        }
    }

    /**
     * Audit: attaches made at the same moment each printed (and exited with) whichever outcome the
     * agent had published last, another attach's as often as not. Each reads back its own now.
     */
    @Test
    void attachesAtTheSameMomentEachReportTheirOwnOutcome() throws Exception {
        stub("/x", status(503));
        Path gate = dir.resolve("gate");
        String fits = ForkedApp.policy(RETRY_THREE.replace("maxAttempts: 3", "maxAttempts: 2"));
        String misfit = ForkedApp.policy(RETRY_THREE + "    fallback: { value: 5 }\n");
        try (ForkedApp.Running app = ForkedApp.start(null, List.of(), "testapp.Scenario", base(), "legacy.get:/warm",
                "waitfile:" + gate, "legacy.get:/x")) {
            app.awaitStdoutLine("WAITING " + gate);
            String pid = String.valueOf(app.pid());
            assertThat(ForkedApp.cli("attach", pid, ForkedApp.policy(RETRY_THREE)).exitCode()).isZero();

            for (int round = 0; round < 3; round++) {
                java.util.concurrent.CompletableFuture<ForkedApp.Result> rejected =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> ForkedApp.cli("attach", pid, misfit));
                ForkedApp.Result accepted = ForkedApp.cli("attach", pid, fits);

                assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
                assertThat(String.join("\n", accepted.stdout())).contains(": ok: policy replaced by " + fits);
                assertThat(rejected.get().exitCode()).as(rejected.get().toString()).isEqualTo(1);
                assertThat(String.join("\n", rejected.get().stdout())).contains("rejected: a fallback does not fit");
            }
            Files.createFile(gate);
            app.finish();
        }
    }

    /**
     * Reload audit: a PID naming a process that is not Java got SIGQUIT from the JDK's attach, which
     * stopped it (a mistyped PID could end any process of the user). Refused before any signal.
     */
    @Test
    void aProcessThatIsNotAJvmIsRefusedAndLeftRunning() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            ForkedApp.Result attach = ForkedApp.cli("attach", String.valueOf(sleep.pid()), ForkedApp.policy(RETRY_THREE));

            assertThat(attach.exitCode()).as(attach.toString()).isEqualTo(1);
            assertThat(attach.stderr()).contains("process " + sleep.pid() + " does not look like a JVM")
                    .contains("add --force");
            Thread.sleep(500);
            assertThat(sleep.isAlive()).as("not signalled").isTrue();
        } finally {
            sleep.destroyForcibly();
        }
    }

    /** Reload audit: an attach's metrics.port that could not be taken was said only in the target's log. */
    @Test
    void anEndpointAddressNotTakenIsSaidByTheAttachCommand() throws IOException {
        Path gate = dir.resolve("gate");
        try (ForkedApp.Running app = ForkedApp.start(null, List.of(), "testapp.Scenario", base(), "waitfile:" + gate)) {
            app.awaitStdoutLine("WAITING " + gate);
            String pid = String.valueOf(app.pid());
            int first;
            int second;
            try (ServerSocket one = new ServerSocket(0); ServerSocket two = new ServerSocket(0)) {
                first = one.getLocalPort();
                second = two.getLocalPort();
            }
            assertThat(ForkedApp.cli("attach", pid, ForkedApp.policy(RETRY_THREE), "metrics.port=" + first).exitCode()).isZero();

            ForkedApp.Result again = ForkedApp.cli("attach", pid, ForkedApp.policy(RETRY_THREE), "metrics.port=" + second);

            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(String.join("\n", again.stdout())).contains(": ok: policy replaced by")
                    .contains("metrics: the endpoint stays on 127.0.0.1:" + first + "; metrics.host/metrics.port 127.0.0.1:"
                            + second + " of this attach are not taken");
            Files.createFile(gate);
            app.finish();
        }
    }

    @Test
    void listShowsTheJvmsItCanAttachTo() {
        Path gate = dir.resolve("gate");
        try (ForkedApp.Running app = ForkedApp.start(null, List.of(), "testapp.Scenario", base(), "waitfile:" + gate)) {
            app.awaitStdoutLine("WAITING " + gate);

            ForkedApp.Result list = ForkedApp.cli("attach", "--list");

            assertThat(list.exitCode()).isZero();
            assertThat(list.stdout().get(0)).startsWith("JVMs visible to user").contains("attach API");
            assertThat(list.stdout()).anySatisfy(line -> assertThat(line.trim()).startsWith(app.pid() + "  testapp.Scenario"));
        }
    }
}
