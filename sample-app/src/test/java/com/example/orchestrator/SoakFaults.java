package com.example.orchestrator;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SoakIT}'s services: turns the stubbed healthy answers into {@link #FAULT_RATE} random
 * faults (45% of them connection resets, 45% 503s, 10% answers {@link #SLOW_MS} ms late: past the soak policy's
 * timeout), plus two outages of {@link #OUTAGE_MS} ms: Whisper answering 503 from
 * {@code outage1AtMs} after the first faulted request, Supabase resetting connections from
 * {@code outage2AtMs} (SoakMain runs at least as long as the later one plus the outage).
 * Requests under {@code /calm} (warm-up and recovery jobs) are left healthy and not counted.
 * Seeded: the same requests get the same faults. Thread-safe.
 */
final class SoakFaults implements ResponseDefinitionTransformerV2 {
    static final double FAULT_RATE = 0.30;
    static final int SLOW_MS = 750;
    static final long OUTAGE_MS = 3000;

    private final Random random;
    private final long outage1AtMs;
    private final long outage2AtMs;
    private final AtomicLong firstRequestMs = new AtomicLong();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    SoakFaults(long seed, long outage1AtMs, long outage2AtMs) {
        this.random = new Random(seed);
        this.outage1AtMs = outage1AtMs;
        this.outage2AtMs = outage2AtMs;
    }

    /** Requests served by kind (ok, reset, 503, slow, outage-503, outage-reset). */
    Map<String, Integer> served() {
        Map<String, Integer> copy = new TreeMap<>();
        served.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ResponseDefinition healthy = event.getResponseDefinition();
        String url = event.getRequest().getUrl();
        if (url.startsWith("/calm/")) return healthy;
        long now = System.currentTimeMillis();
        firstRequestMs.compareAndSet(0, now);
        long elapsed = now - firstRequestMs.get();
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.like(healthy);
        if (url.startsWith("/inference") && inOutage(outage1AtMs, elapsed)) {
            return count("outage-503", b.withStatus(503).withBody("whisper: model loading"));
        }
        if (url.startsWith("/rest/") && inOutage(outage2AtMs, elapsed)) {
            return count("outage-reset", b.withFault(Fault.CONNECTION_RESET_BY_PEER));
        }
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if (r < FAULT_RATE * 0.45) return count("reset", b.withFault(Fault.CONNECTION_RESET_BY_PEER));
        if (r < FAULT_RATE * 0.9) return count("503", b.withStatus(503).withBody("service unavailable"));
        if (r < FAULT_RATE) return count("slow", b.withFixedDelay(SLOW_MS));
        return count("ok", b);
    }

    private static boolean inOutage(long startMs, long elapsedMs) {
        return elapsedMs >= startMs && elapsedMs < startMs + OUTAGE_MS;
    }

    private ResponseDefinition count(String kind, ResponseDefinitionBuilder b) {
        served.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        return b.build();
    }

    @Override
    public String getName() {
        return "soak-faults";
    }
}
