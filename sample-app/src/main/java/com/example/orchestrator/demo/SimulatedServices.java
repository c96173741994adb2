package com.example.orchestrator.demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The four services, each a WireMock server on 127.0.0.1 (random port) answering in its real wire
 * format, with faults injected by {@link ScriptedFaults}. Not thread-safe; used by the driver only.
 */
final class SimulatedServices implements AutoCloseable {
    static final List<String> SERVICES = List.of("whisper", "ollama", "supabase", "storage");

    private final Map<String, WireMockServer> servers = new LinkedHashMap<>();
    private final Map<String, ScriptedFaults> faults = new LinkedHashMap<>();
    /** The fault schedule's clock: epoch ms of the current run's first request, 0 before it. */
    private final AtomicLong firstRequestMs = new AtomicLong();

    SimulatedServices(FaultPlan plan) {
        for (String s : SERVICES) {
            ScriptedFaults f = new ScriptedFaults(s, plan, firstRequestMs);
            WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                    .containerThreads(40).notifier(new ConsoleNotifier(false)).extensions(f));
            server.start();
            stub(s, server);
            servers.put(s, server);
            faults.put(s, f);
        }
    }

    /**
     * Sends each service a few hundred requests of the kinds the app sends (with
     * {@link ScriptedFaults#WARM_UP_HEADER}: healthy answers, no delay, not counted), then clears the
     * journals. Without it the first run met cold servers (Jetty, WireMock's matching, this JVM's
     * JIT) and its first jobs took seconds on a busy machine, while the second run met warm ones.
     */
    void warmUp() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<HttpRequest> requests = new ArrayList<>();
        for (String s : SERVICES) {
            for (String[] pathAndMethod : switch (s) {
                case "whisper" -> new String[][] {{"/inference", "POST"}};
                case "ollama" -> new String[][] {{"/api/generate", "POST"}, {"/api/embeddings", "POST"}};
                case "supabase" -> new String[][] {{"/rest/v1/transcripts", "POST"}, {"/rest/v1/transcripts?select=*", "GET"}};
                default -> new String[][] {{"/storage/v1/object/transcripts/warm-up.txt", "POST"},
                        {"/storage/v1/object/transcripts/warm-up.txt", "GET"}};
            }) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(s) + pathAndMethod[0]))
                        .header(ScriptedFaults.WARM_UP_HEADER, "true");
                requests.add(pathAndMethod[1].equals("GET") ? b.GET().build()
                        : b.POST(HttpRequest.BodyPublishers.ofString("{\"warm\":\"up\"}")).build());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                for (HttpRequest r : requests) calls.add(() -> http.send(r, HttpResponse.BodyHandlers.discarding()));
            }
            pool.invokeAll(calls);
        } finally {
            pool.shutdownNow();
        }
        startRun();
    }

    String url(String service) {
        return "http://127.0.0.1:" + servers.get(service).port();
    }

    /** Clears the request journals and counts; the fault schedule's clock starts again at the next request. */
    void startRun() {
        servers.values().forEach(WireMockServer::resetRequests);
        faults.values().forEach(ScriptedFaults::reset);
        firstRequestMs.set(0);
    }

    /** Epoch ms of the current run's first request (the fault schedule's time zero), 0 if none came. */
    long firstRequestMs() {
        return firstRequestMs.get();
    }

    /** When each request to {@code service} arrived (epoch ms), oldest first. */
    List<Long> requestTimes(String service) {
        List<Long> times = new ArrayList<>();
        for (ServeEvent e : servers.get(service).getAllServeEvents()) times.add(e.getRequest().getLoggedDate().getTime());
        times.sort(null);
        return times;
    }

    Map<FaultPlan.Kind, Integer> served(String service) {
        return faults.get(service).served();
    }

    private static void stub(String service, WireMockServer s) {
        switch (service) {
            case "whisper" -> s.stubFor(post(urlPathEqualTo("/inference"))
                    .willReturn(okJson("{\"text\":\" Hello, this is a recorded voice memo about the quarterly numbers.\"}")));
            case "ollama" -> {
                s.stubFor(post(urlPathEqualTo("/api/generate")).willReturn(okJson(
                        "{\"model\":\"llama3\",\"created_at\":\"2024-05-01T10:00:00Z\",\"response\":\"A memo about quarterly numbers.\",\"done\":true}")));
                s.stubFor(post(urlPathEqualTo("/api/embeddings")).willReturn(okJson("{\"embedding\":[0.1,0.2,0.3]}")));
            }
            case "supabase" -> {
                s.stubFor(post(urlPathMatching("/rest/v1/.*")).willReturn(aResponse().withStatus(201)));
                s.stubFor(get(urlPathMatching("/rest/v1/.*")).willReturn(okJson("[]")));
            }
            case "storage" -> {
                s.stubFor(post(urlPathMatching("/storage/v1/object/.*")).willReturn(okJson("{\"Key\":\"transcripts/object.txt\"}")));
                s.stubFor(get(urlPathMatching("/storage/v1/object/.*")).willReturn(aResponse().withBody("transcript")));
            }
            default -> s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        }
    }

    @Override
    public void close() {
        servers.values().forEach(WireMockServer::stop);
    }
}
