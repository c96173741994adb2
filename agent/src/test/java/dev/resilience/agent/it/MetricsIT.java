package dev.resilience.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observability end to end: a scripted fault run in a forked JVM with the agent, then the figures
 * as an operator reads them (the Prometheus endpoint, the application's own Micrometer, the
 * shutdown summary), every count exact.
 */
class MetricsIT extends WireMockSupport {
    private static final String GET = "testapp.LegacyClient#get(java.lang.String)";
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 3, delay: 10ms }
                timeout: 1s
                circuitBreaker: { failureThreshold: 3, openDuration: 1s }
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                retry: off
                timeout: off
                circuitBreaker: off
                fallback: { value: cached }
            """;

    /** An unprotected first call: a cold JVM's first HTTP request must not eat into the 1 s timeout. */
    private static final String WARM_UP = "unmatched.get:/ok";

    /**
     * Six calls of legacy.get (the comments give each call's figures), then one fallback:
     * successes 3, failures 2 (one of them timed out), retry attempts 6, timeouts 4,
     * rejections 1, breaker opens 2, resets 1, and the breaker OPEN at the end.
     */
    private static final List<String> FAULT_RUN = List.of(
            WARM_UP,
            "legacy.get:/flaky",     // 503 then 200: success, 1 retry
            "legacy.get:/slow",      // times out then 200: success, 1 retry, 1 timeout
            "legacy.get:/down",      // 503 x3: failure, 2 retries; the 3rd consecutive failure opens the breaker
            "legacy.get:/down",      // rejected by the open circuit, never sent
            "sleep:1300",            // past openDuration
            "legacy.get:/ok",        // HALF_OPEN trial succeeds: reset to CLOSED
            "legacy.get:/hang",      // 3 attempts time out: a timed-out failure, 2 retries, 3 timeouts, opens again
            "unchecked.fetch:/down"); // fails: the rule's fallback value is served

    private void stubFaultRun() {
        sequence("/flaky", status(503), status(200));
        sequence("/slow", aResponse().withStatus(200).withBody("late").withFixedDelay(2500), status(200));
        stub("/down", status(503));
        stub("/ok", status(200));
        stub("/hang", aResponse().withStatus(200).withFixedDelay(2500));
    }

    @Test
    void theEndpointShowsTheExactFiguresOfAScriptedFaultRunAndTheShutdownSummarySaysTheSame() {
        stubFaultRun();
        int port = ForkedApp.freePort();

        ForkedApp.Result result = run("policy=" + ForkedApp.policy(POLICY) + ",metrics.port=" + port, List.of(),
                steps(FAULT_RUN, "scrape:" + port));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.call(7).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(result.stdout()).contains("SCRAPE 200 text/plain; version=0.0.4; charset=utf-8");
        PrometheusText scrape = PrometheusText.scrapedBy(result);
        String[] get = {"rule", "legacy", "method", GET};

        assertThat(scrape.sum("resilience_calls_total", with(get, "outcome", "success"))).isEqualTo(3);
        assertThat(scrape.sum("resilience_calls_total", with(get, "outcome", "failure"))).isEqualTo(1);
        assertThat(scrape.sum("resilience_calls_total", with(get, "outcome", "timeout"))).isEqualTo(1);
        assertThat(scrape.sum("resilience_calls_total", with(get, "outcome", "rejected"))).isEqualTo(1);
        assertThat(scrape.sum("resilience_calls_total", with(get, "outcome", "fallback"))).isZero();
        assertThat(scrape.sum("resilience_retry_attempts_total", get)).isEqualTo(6);
        assertThat(scrape.sum("resilience_timeouts_total", get)).isEqualTo(4);
        assertThat(scrape.sum("resilience_rejections_total", get)).isEqualTo(1);
        assertThat(scrape.sum("resilience_agent_errors_total", get)).isZero();
        // breaker meters of a rule-scoped breaker carry an empty method tag, which Prometheus drops
        String[] breaker = {"rule", "legacy", "method", ""};
        assertThat(scrape.sum("resilience_circuitbreaker_transitions_total", with(breaker, "to", "OPEN"))).isEqualTo(2);
        assertThat(scrape.sum("resilience_circuitbreaker_transitions_total",
                with(with(breaker, "from", "HALF_OPEN"), "to", "CLOSED"))).isEqualTo(1);
        assertThat(scrape.sum("resilience_circuitbreaker_transitions_total",
                with(with(breaker, "from", "OPEN"), "to", "HALF_OPEN"))).isEqualTo(1);
        assertThat(scrape.sum("resilience_circuitbreaker_state", with(breaker, "state", "OPEN"))).isEqualTo(1);
        for (String state : List.of("CLOSED", "HALF_OPEN", "FORCED_OPEN", "FORCED_CLOSED")) {
            assertThat(scrape.sum("resilience_circuitbreaker_state", with(breaker, "state", state))).as(state).isZero();
        }
        // every call but the rejected one is timed: the rule has a timeout
        assertThat(scrape.sum("resilience_call_duration_seconds_count", get)).isEqualTo(5);
        assertThat(scrape.sum("resilience_call_duration_seconds_sum", get)).isGreaterThan(4.0);
        // the other methods of the class are there, at zero
        assertThat(scrape.sum("resilience_calls_total", "rule", "legacy", "method", "testapp.LegacyClient#send(java.lang.String)"))
                .isZero();
        // the fallback rule: no breaker and no timeout, so no breaker meters and no timer
        String[] fetch = {"rule", "unchecked", "method", "testapp.UncheckedClient#fetch(java.lang.String)"};
        assertThat(scrape.sum("resilience_calls_total", with(fetch, "outcome", "fallback"))).isEqualTo(1);
        assertThat(scrape.samples()).noneMatch(s -> s.labels().getOrDefault("rule", "").equals("unchecked")
                && (s.name().startsWith("resilience_circuitbreaker") || s.name().startsWith("resilience_call_duration")));

        assertThat(requests("/flaky")).isEqualTo(2);
        assertThat(requests("/slow")).isEqualTo(2);
        assertThat(requests("/down")).isEqualTo(4);
        assertThat(requests("/ok")).isEqualTo(2);
        assertThat(requests("/hang")).isEqualTo(3);
        assertThat(result.stderr())
                .contains("[resilience-agent] INFO summary rule legacy: successes=3 failures=2 retryAttempts=6 timeouts=4"
                        + " breakerOpens=2 breakerResets=1 rejections=1 fallbacks=0 agentErrors=0 breaker=OPEN\n")
                .contains("[resilience-agent] INFO summary rule unchecked: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=1 agentErrors=0");
    }

    @Test
    void anApplicationsOwnMicrometerSeesTheAgentsMetersInItsGlobalRegistry() throws IOException {
        sequence("/flaky", status(503), status(200));
        stub("/down", status(503));
        stub("/ok", status(200));

        ForkedApp.Result result = run(ForkedApp.policy(POLICY), micrometerJars(),
                "micrometer.init",      // the application's Micrometer is loaded before any protected class
                WARM_UP, "legacy.get:/flaky", "legacy.get:/down", "legacy.get:/down",
                "micrometer:legacy");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).anyMatch(line -> line.startsWith("MICROMETER") && line.contains("it-libs/micrometer-core"));
        String tags = "method=" + GET + ";outcome=%s;rule=legacy";
        assertThat(result.stdout())
                .contains("METER resilience.calls " + tags.formatted("success") + " COUNT=1.0")
                .contains("METER resilience.calls " + tags.formatted("failure") + " COUNT=1.0")
                .contains("METER resilience.calls " + tags.formatted("rejected") + " COUNT=1.0")
                .contains("METER resilience.retry.attempts method=" + GET + ";rule=legacy COUNT=3.0")
                .contains("METER resilience.circuitbreaker.state rule=legacy;state=OPEN VALUE=1.0")
                .contains("METER resilience.circuitbreaker.state rule=legacy;state=CLOSED VALUE=0.0")
                .contains("METER resilience.circuitbreaker.transitions from=CLOSED;rule=legacy;to=OPEN COUNT=1.0");
        assertThat(result.stdout()).anyMatch(line -> line.startsWith("METER resilience.call.duration method=" + GET + ";rule=legacy COUNT=2.0"));
        assertThat(result.stderr()).contains("metrics: publishing to the application's Micrometer global registry");
    }

    /** SECURITY.md: without {@code metrics.host} the endpoint answers on loopback only. */
    @Test
    void withoutAHostTheEndpointIsReachableOnLoopbackAndRefusedOnEveryOtherAddress() throws Exception {
        List<InetAddress> others = nonLoopbackAddresses();
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no non-loopback address to probe");
        stub("/ok", status(200));
        int port = ForkedApp.freePort();
        Path directory = Files.createTempDirectory("metrics-it");
        Path ready = directory.resolve("ready");
        Path go = directory.resolve("go");

        List<String> reached = new ArrayList<>();
        boolean loopback;
        ForkedApp.Result result;
        try (ForkedApp.Running app = start("policy=" + ForkedApp.policy(POLICY) + ",metrics.port=" + port,
                "legacy.get:/ok", "signal:" + ready, "await:" + go)) {
            try {
                ForkedApp.awaitFile(ready);
                loopback = connects(InetAddress.getLoopbackAddress(), port, 30_000);
                for (InetAddress address : others) {
                    if (connects(address, port, 0)) {
                        reached.add(address.getHostAddress());
                    }
                }
            } finally {
                Files.createFile(go);
            }
            result = app.finish();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(loopback).as("endpoint reachable on 127.0.0.1:" + port).isTrue();
        assertThat(reached).as("addresses other than loopback that accepted a connection (probed " + others + ")").isEmpty();
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }

    /** Tries to connect, retrying until {@code patienceMillis} have passed (0: once). */
    private static boolean connects(InetAddress address, int port, long patienceMillis) throws InterruptedException {
        long giveUp = System.nanoTime() + patienceMillis * 1_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 2_000);
                return true;
            } catch (IOException refused) {
                if (System.nanoTime() >= giveUp) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aMetricsPortInUseIsOneClearLogLineAndTheApplicationRunsOnProtected() throws IOException {
        stub("/down", status(503));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            ForkedApp.Result result = run("policy=" + ForkedApp.policy(POLICY) + ",metrics.port=" + port, List.of(),
                    "sleep:1000", "legacy.get:/down");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).contains("[resilience-agent] ERROR metrics endpoint not started: 127.0.0.1:" + port
                    + " is already in use");
            assertThat(result.stderr().lines().filter(line -> line.contains("metrics endpoint"))).hasSize(1);
            assertThat(result.call(1).suppressed()).as(result.toString()).isEqualTo(2);
            assertThat(requests("/down")).isEqualTo(3);
        }
    }

    /** Issue 4: "at JVM shutdown, one summary line per rule", also for a run in which nothing was called. */
    @Test
    void aRunWithoutCallsEndsWithASummaryLineOfZerosPerRule() {
        ForkedApp.Result result = run(ForkedApp.policy(POLICY), List.of());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr().lines().filter(line -> line.contains("INFO summary rule"))).containsExactly(
                "[resilience-agent] INFO summary rule legacy: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0 breaker=CLOSED",
                "[resilience-agent] INFO summary rule unchecked: successes=0 failures=0 retryAttempts=0 timeouts=0"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0");
    }

    private ForkedApp.Result run(String agentArgument, List<Path> classpath, String... steps) {
        return ForkedApp.run(agentArgument, List.of(), classpath, "testapp.Scenario", scenario(steps));
    }

    private ForkedApp.Running start(String agentArgument, String... steps) {
        return ForkedApp.start(agentArgument, List.of(), "testapp.Scenario", scenario(steps));
    }

    private String[] scenario(String... steps) {
        String[] args = new String[steps.length + 1];
        args[0] = base();
        System.arraycopy(steps, 0, args, 1, steps.length);
        return args;
    }

    private static String[] steps(List<String> run, String... more) {
        return Stream.concat(run.stream(), Stream.of(more)).toArray(String[]::new);
    }

    private static String[] with(String[] labels, String key, String value) {
        return Stream.concat(Stream.of(labels), Stream.of(key, value)).toArray(String[]::new);
    }

    private static List<Path> micrometerJars() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target", "it-libs"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().startsWith("micrometer-")).toList();
            assertThat(jars).hasSize(3);
            return jars;
        }
    }
}
