package dev.resilience.agent.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusEndpointTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private PrometheusEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.stop();
        }
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeOnGetMetricsInTheTextFormat() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body for " + type);

        HttpResponse<String> response = get("/metrics", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusEndpoint.TEXT);
        assertThat(response.body()).isEqualTo("body for " + PrometheusEndpoint.TEXT);
    }

    /** A client that sends half a request and waits must not hold up everyone else's scrapes. */
    @Test
    void aClientThatSendsHalfARequestDoesNotBlockOtherScrapes() throws Exception {
        // an exchange deadline far past the scrape's own timeout: only another handler can answer it (audit:
        // with the 3 s deadline, one handler thread passed too, once the slow client was cut off)
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body", TimeUnit.SECONDS.toNanos(60));
        try (Socket slow = new Socket("127.0.0.1", endpoint.port())) {
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            Thread.sleep(200); // the server has taken the connection and is reading its headers

            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build();
            assertThat(client.send(scrape, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("body");
        }
    }

    /**
     * As many such clients as there are handler threads hold them all; each exchange's deadline
     * frees its thread, so a scrape is answered while the clients are still connected.
     */
    @Test
    void clientsHoldingEveryHandlerAreCutOffAtTheExchangeDeadline() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body", TimeUnit.MILLISECONDS.toNanos(300));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < PrometheusEndpoint.HANDLERS; i++) {
                Socket socket = new Socket("127.0.0.1", endpoint.port());
                socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            Thread.sleep(200); // the server has taken every connection and is reading its headers

            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(20)).build();
            assertThat(client.send(scrape, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("body");
            // the server closed the connections it gave up on: each slow client reads the end of its stream
            for (Socket socket : slow) {
                socket.setSoTimeout(20_000);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * Audit: past the handlers and their queue (64 places then), exchanges were dropped: never answered, their
     * sockets open in the application for good. Each must be answered, or its connection closed.
     */
    @Test
    void everyConnectionIsAnsweredOrClosedWhenTheHandlersAreFull() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body", TimeUnit.SECONDS.toNanos(2));
        List<Socket> slow = new ArrayList<>();
        List<Socket> scrapes = new ArrayList<>();
        try {
            for (int i = 0; i < PrometheusEndpoint.HANDLERS; i++) {
                slow.add(sendOn(new Socket("127.0.0.1", endpoint.port()), "GET /metrics HTTP/1.1\r\nHost: x\r\n"));
            }
            Thread.sleep(200); // the server has taken every handler
            for (int i = 0; i < 150; i++) {
                scrapes.add(sendOn(new Socket("127.0.0.1", endpoint.port()),
                        "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            }

            int answered = 0;
            for (Socket scrape : scrapes) {
                scrape.setSoTimeout(15_000); // without an answer or a close, the read below times out
                String start;
                try {
                    start = new String(scrape.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                } catch (java.net.SocketException reset) {
                    start = ""; // closed with the request unread: a reset
                }
                assertThat(start).isIn("HTTP/1.1 200", "");
                answered += start.isEmpty() ? 0 : 1;
            }
            assertThat(answered).as("scrapes answered once the slow clients were cut off").isPositive();
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            for (Socket socket : scrapes) {
                socket.close();
            }
        }
    }

    /**
     * Audit: with 64 waiting places, a scrape queued behind 68 clients holding half a request was
     * answered after 48 s, long past any scraper's timeout. Past the handlers and the few waiting
     * places, a scrape is refused while the clients ahead still hold the endpoint: the exchange
     * limit here is far longer than the read below waits, so a scrape that queued fails the test.
     */
    @Test
    void aScrapeBehindEveryHandlerAndEveryWaitingPlaceIsRefusedAtOnce() throws Exception {
        // first come, first served: a scrape that gets a place waits for every exchange ahead of it
        long rounds = (PrometheusEndpoint.WAITING + PrometheusEndpoint.HANDLERS) / PrometheusEndpoint.HANDLERS;
        assertThat(rounds * PrometheusEndpoint.EXCHANGE_LIMIT_SECONDS)
                .as("longest wait of a scrape the endpoint takes, under Prometheus's default scrape timeout")
                .isLessThan(10);
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body", TimeUnit.SECONDS.toNanos(60));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < PrometheusEndpoint.HANDLERS + PrometheusEndpoint.WAITING; i++) {
                slow.add(sendOn(new Socket("127.0.0.1", endpoint.port()), "GET /metrics HTTP/1.1\r\nHost: x\r\n"));
            }
            Thread.sleep(300); // the server has taken every connection: four handlers reading, the rest queued

            try (Socket scrape = sendOn(new Socket("127.0.0.1", endpoint.port()),
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
                scrape.setSoTimeout(20_000); // queued, it would wait 60 s for the first handler and time out here
                int first;
                try {
                    first = scrape.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    first = -1; // closed with the request unread: a reset
                }
                assertThat(first).as("closed without an answer").isEqualTo(-1);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Audit: "Accept: ;" made the content negotiation throw, and the connection closed unanswered. */
    @Test
    void anAcceptHeaderOfOnlySeparatorsGetsTheTextFormat() throws Exception {
        assertThat(AcceptHeader.prefersOpenMetrics(";")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics(";;, ,")).isFalse();
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body");

        assertThat(get("/metrics", ";").statusCode()).isEqualTo(200);
    }

    /** Review: a refused exchange whose request was already buffered (pipelined) still ran the scrape. */
    @Test
    void aRefusedExchangeRunsNoScrape() {
        java.util.concurrent.atomic.AtomicInteger scrapes = new java.util.concurrent.atomic.AtomicInteger();
        Thread.currentThread().interrupt(); // what ExchangeDeadlines does to an exchange it has no handler for
        try {
            // no exchange at all: refused, it must not be touched before the scrape is skipped
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrometheusEndpoint.handle(null, type -> {
                scrapes.incrementAndGet();
                return "body";
            })).isInstanceOf(IOException.class).hasMessageContaining("busy");
        } finally {
            Thread.interrupted();
        }
        assertThat(scrapes).hasValue(0);
    }

    private static Socket sendOn(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void servesOpenMetricsWhenTheScraperPrefersIt() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body for " + type);

        HttpResponse<String> response = get("/metrics",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusEndpoint.OPEN_METRICS);
    }

    /** Review: only the first of several Accept fields was read (RFC 9110: they form one list). */
    @Test
    void readsEveryAcceptField() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "body for " + type);

        try (Socket socket = sendOn(new Socket("127.0.0.1", endpoint.port()), "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/plain;q=0.1\r\nAccept: application/openmetrics-text\r\nConnection: close\r\n\r\n")) {
            socket.setSoTimeout(10_000);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(response).startsWith("HTTP/1.1 200").contains("body for " + PrometheusEndpoint.OPEN_METRICS);
        }
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "x");

        assertThat(get("/", null).statusCode()).isEqualTo(404);
        assertThat(get("/metricsx", null).statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> "x");

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void aFailingScrapeIsAServerErrorNotACrash() throws Exception {
        endpoint = PrometheusEndpoint.start("127.0.0.1", 0, type -> {
            throw new IllegalStateException("boom");
        });

        assertThat(get("/metrics", null).statusCode()).isEqualTo(500);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(500);
    }

    @Test
    void aPortInUseStartsNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(PrometheusEndpoint.start("127.0.0.1", taken.getLocalPort(), type -> "x")).isNull();
        }
    }

    /** Audit: an address not of this machine was told to "choose another metrics.port". */
    @Test
    void anAddressNotOfThisMachineIsBlamedOnTheHostNotThePort() {
        assertThat(logOfStartOn("192.0.2.1")) // TEST-NET-1: never local
                .contains("metrics endpoint not started: 192.0.2.1:0 cannot be bound")
                .contains("check that metrics.host is an address of this machine")
                .doesNotContain("metrics.port");
    }

    /** Audit: a name that does not resolve was reported as "java.net.SocketException: Unresolved address". */
    @Test
    void aHostThatDoesNotResolveIsSaidToNotResolve() {
        assertThat(logOfStartOn("no-such-host.invalid"))
                .contains("metrics endpoint not started: metrics.host no-such-host.invalid does not resolve to an address")
                .doesNotContain("SocketException");
    }

    /** What the agent logged when the endpoint failed to start on {@code host} (it must not start). */
    private static String logOfStartOn(String host) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(PrometheusEndpoint.start(host, 0, type -> "body")).isNull();
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLoggedUrlPutsAnIpv6AddressInBrackets() {
        assertThat(PrometheusEndpoint.url("::1", 9464)).isEqualTo("http://[::1]:9464/metrics");
        assertThat(PrometheusEndpoint.url("127.0.0.1", 9464)).isEqualTo("http://127.0.0.1:9464/metrics");
        assertThat(PrometheusEndpoint.url("[::1]", 9464)).isEqualTo("http://[::1]:9464/metrics");
    }
}
