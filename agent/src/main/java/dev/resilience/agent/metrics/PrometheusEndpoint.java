package dev.resilience.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilience.agent.instrument.AgentErrors;
import dev.resilience.agent.log.AgentLog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code GET /metrics} in the Prometheus text format (or OpenMetrics when the scraper asks for it),
 * served by the JDK's own HTTP server: its dispatcher thread accepts, up to {@link #HANDLERS} daemon
 * threads read and answer requests, each within {@link #EXCHANGE_LIMIT_SECONDS}. A port that cannot
 * be bound is one log line; the application runs on. Thread-safe.
 */
final class PrometheusEndpoint {
    static final String PATH = "/metrics";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Every {@code Accept} field of the request as one list (RFC 9110: repeated fields join with commas), or null. */
    private static String accept(HttpExchange exchange) {
        java.util.List<String> fields = exchange.getRequestHeaders().get("Accept");
        return fields == null || fields.isEmpty() ? null : String.join(",", fields);
    }

    /** The endpoint's URL; an IPv6 literal in brackets (audit: {@code http://::1:9464/metrics} cannot be pasted anywhere). */
    static String url(String host, int port) {
        return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port + PATH;
    }

    /** Requests handled at once; a slow client holds one, until {@link #EXCHANGE_LIMIT_SECONDS}. */
    static final int HANDLERS = 4;
    /**
     * How long one exchange may hold a handler, from reading the request to writing the answer
     * (a scrape takes milliseconds). Well under Prometheus's default scrape timeout, 10 s: a scrape
     * queued behind four clients that each sent half a request still gets its answer in time
     * (audit: at 10 s it did not).
     */
    static final long EXCHANGE_LIMIT_SECONDS = 3;
    /**
     * Exchanges that wait for a handler; past them a connection is closed unanswered. Small on
     * purpose: the queue is first come, first served, so a scrape waits for every exchange ahead of
     * it, each up to {@link #EXCHANGE_LIMIT_SECONDS} when it is a client holding half a request.
     * With 4 handlers and 8 waiting, that is 3 rounds, 9 s, under Prometheus's default scrape timeout
     * of 10 s (audit: with 64 waiting, a scrape queued behind 68 such clients waited 48 s). A refused
     * scrape fails at once and the next one is tried; a real scrape takes milliseconds, so only
     * clients that stall fill the queue.
     */
    static final int WAITING = 8;

    private final HttpServer server;
    private final ExchangeDeadlines handlers;

    /** Daemons, so the endpoint never keeps the JVM alive; made on demand and gone after 30 s idle. */
    private static final class HandlerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();
        private final String prefix;

        HandlerThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    private PrometheusEndpoint(HttpServer server, ExchangeDeadlines handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Binds and starts serving. Call it from a daemon thread: the server's dispatcher thread
     * inherits it, so it never keeps the JVM alive.
     *
     * @param scrape the exposition for a content type ({@link #TEXT} or {@link #OPEN_METRICS})
     * @return null when the endpoint could not start (already logged)
     */
    static PrometheusEndpoint start(String host, int port, Function<String, String> scrape) {
        return start(host, port, scrape, TimeUnit.SECONDS.toNanos(EXCHANGE_LIMIT_SECONDS));
    }

    /** @param exchangeLimitNanos how long one exchange may hold a handler (shorter in tests) */
    static PrometheusEndpoint start(String host, int port, Function<String, String> scrape, long exchangeLimitNanos) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            // "Address already in use" is the port's fault; anything else ("Cannot assign requested address") the host's
            boolean portTaken = e.getMessage() != null && e.getMessage().contains("in use");
            AgentLog.logger().error("metrics endpoint not started: " + host + ":" + port
                    + (portTaken ? " is already in use" : " cannot be bound") + " (" + e.getMessage() + "); "
                    + (portTaken ? "choose another metrics.port" : "check that metrics.host is an address of this machine")
                    + ". The application runs on without it.");
            return null;
        } catch (IOException | RuntimeException e) {
            if (new InetSocketAddress(host, port).isUnresolved()) {
                // audit: "java.net.SocketException: Unresolved address" said nothing of the name
                AgentLog.logger().error("metrics endpoint not started: metrics.host " + host + " does not resolve to an"
                        + " address; check that metrics.host is a name or address of this machine. The application runs"
                        + " on without it.");
                return null;
            }
            AgentLog.logger().error("metrics endpoint not started on " + host + ":" + port + ": " + e
                    + "; check metrics.host and metrics.port. The application runs on without it.");
            return null;
        }
        server.createContext("/", exchange -> handle(exchange, scrape));
        // A few daemon threads, not the dispatcher: the JDK's server reads a request's headers on the
        // thread that handles it, so a client that sends half a request would otherwise block every
        // scrape; the deadline frees its thread.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(HANDLERS, HANDLERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(WAITING), new HandlerThreads("resilience-agent-metrics-http-"));
        pool.allowCoreThreadTimeOut(true);
        ExchangeDeadlines handlers = new ExchangeDeadlines(pool, new HandlerThreads("resilience-agent-metrics-deadline-"),
                exchangeLimitNanos);
        server.setExecutor(handlers);
        server.start();
        AgentLog.logger().info("metrics: Prometheus endpoint on " + url(host, server.getAddress().getPort()));
        return new PrometheusEndpoint(server, handlers);
    }

    static void handle(HttpExchange exchange, Function<String, String> scrape) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // Refused for want of a handler (ExchangeDeadlines), though its request was already buffered
            // (pipelined on a kept-alive connection): no scrape; the server closes the connection (review).
            throw new IOException("refused: every handler of the metrics endpoint is busy");
        }
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "Not found: the agent serves " + PATH + "\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
                return;
            }
            String contentType = AcceptHeader.prefersOpenMetrics(accept(exchange)) ? OPEN_METRICS : TEXT;
            String body;
            try {
                body = scrape.apply(contentType);
            } catch (RuntimeException | LinkageError e) {
                AgentErrors.report("a metrics scrape", e); // logged once, counted in resilience.agent.errors
                respond(exchange, 500, "text/plain; charset=utf-8", "scrape failed: " + e + "\n");
                return;
            }
            respond(exchange, 200, contentType, method.equals("HEAD") ? null : body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        handlers.shutdown();
    }
}
