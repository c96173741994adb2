package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code java -jar resilience-agent.jar attach PID POLICY} against the sample app while it runs,
 * started without the agent (issue 5): once attached, the Ollama adapter's calls start being
 * retried, seen in WireMock's journal as the run goes on.
 */
class AttachSampleAppIT {
    private static final int JOBS = 40;
    private static final long INTERVAL_MS = 150;

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @Test
    void attachingMidRunMakesTheOllamaCallsRetried() throws Exception {
        ForkedApp.assumeAgentJar();
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            if (e != ServiceEndpoint.OLLAMA) {
                wm.stubFor(e.stub().willReturn(e.healthy()));
            }
        }
        wm.stubFor(ServiceEndpoint.OLLAMA.stub().willReturn(aResponse().withStatus(503)));
        Path dir = ForkedApp.newDir().toAbsolutePath();
        Path policy = Files.writeString(dir.resolve("attach.yaml"), """
                version: 1
                rules:
                  - name: ollama
                    match: { class: com.example.orchestrator.OllamaClient, methods: [generate] }
                    retry: { maxAttempts: 3, delay: 10ms }
                    timeout: off
                    circuitBreaker: off
                """);
        String base = "http://127.0.0.1:" + wm.getPort();
        Path stdout = dir.resolve("stdout.txt");
        Process app = new ProcessBuilder(javaCommand(), "-cp", ForkedApp.appJar().toString(), Main.class.getName(),
                "--whisper", base, "--ollama", base, "--supabase", base, "--storage", base, "--jobs", String.valueOf(JOBS),
                "--concurrency", "1", "--interval", String.valueOf(INTERVAL_MS), "--progress", "--guard", "60")
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            awaitProgress(stdout, 5);

            Process attach = new ProcessBuilder(javaCommand(), "-jar", ForkedApp.agentJar().toString(), "attach",
                    String.valueOf(app.pid()), policy.toString()).redirectErrorStream(true).start();
            String attachOutput = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(attach.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(attach.exitValue()).as(attachOutput).isZero();
            assertThat(attachOutput).contains("attached to " + app.pid());

            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app ends its run").isTrue();
        } finally {
            app.destroyForcibly();
        }

        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("jobs: 0 completed, " + JOBS + " failed");
        List<Long> ollama = arrivals(ServiceEndpoint.OLLAMA.path);
        // Before the attach, one request per job (the first 5 jobs had ended when it began); after
        // it, three per job, 10 ms apart, a job every 150 ms. Every job still fails: the service
        // never recovers.
        assertThat(ollama.size()).as("jobs retried after the attach, and not the first 5").isBetween(JOBS + 2, 3 * JOBS - 2 * 5);
        int last = ollama.size() - 1;
        assertThat(ollama.get(last) - ollama.get(last - 2)).as("after: a job's three attempts").isLessThan(INTERVAL_MS / 2);
        String log = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertThat(log).contains("[resilience-agent] INFO policy " + policy);
        // the agent counted the jobs it saw: each failed after 2 retries, and their requests are the ones after the attach
        java.util.regex.Matcher summary = java.util.regex.Pattern
                .compile("summary rule ollama: successes=0 failures=(\\d+) retryAttempts=(\\d+)").matcher(log);
        assertThat(summary.find()).as(log).isTrue();
        int protectedJobs = Integer.parseInt(summary.group(1));
        assertThat(Integer.parseInt(summary.group(2))).isEqualTo(2 * protectedJobs);
        assertThat(ollama.size()).isEqualTo(JOBS - protectedJobs + 3 * protectedJobs);
    }

    private static String javaCommand() {
        return System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Waits for the app's {@code [progress] N/...} line: jobs have run without the agent. */
    private static void awaitProgress(Path stdout, int jobs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(stdout) && Files.readString(stdout, StandardCharsets.UTF_8).contains("[progress] " + jobs + "/")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the app did not reach job " + jobs + ":\n" + Files.readString(stdout));
    }

    /** When WireMock received each request to the endpoint's path, in order (ms). */
    private static List<Long> arrivals(String path) {
        List<Long> times = new ArrayList<>();
        for (ServeEvent event : wm.getAllServeEvents()) {
            if (event.getRequest().getUrl().startsWith(path)) {
                times.add(event.getRequest().getLoggedDate().getTime());
            }
        }
        Collections.sort(times);
        return times;
    }
}
