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
 * timeout), plus two outages of {@link #OUTAGE_MS} ms: Whisper answering 503 from its
 * {@code outage1At}-th request on, Supabase resetting connections from the {@code outage2At}-th.
 * Outages start at a request number, not a time, so a slow machine cannot move them out of the run.
 * Requests under {@code /calm} (warm-up and recovery jobs) are left healthy and not counted.
 * Seeded: the same requests get the same faults. Thread-safe.
 */
final class SoakFaults implements ResponseDefinitionTransformerV2 {
    static final double FAULT_RATE = 0.30;
    static final int SLOW_MS = 750;
    static final long OUTAGE_MS = 3000;

    private final Random random;
    private final int outage1At;
    private final int outage2At;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong outage1StartMs = new AtomicLong();
    private final AtomicLong outage2StartMs = new AtomicLong();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    SoakFaults(long seed, int outage1At, int outage2At) {
        this.random = new Random(seed);
        this.outage1At = outage1At;
        this.outage2At = outage2At;
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
        int n = requests.incrementAndGet();
        long now = System.currentTimeMillis();
        if (n == outage1At) outage1StartMs.set(now);
        if (n == outage2At) outage2StartMs.set(now);
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.like(healthy);
        if (url.startsWith("/inference") && inOutage(outage1StartMs, now)) {
            return count("outage-503", b.withStatus(503).withBody("whisper: model loading"));
        }
        if (url.startsWith("/rest/") && inOutage(outage2StartMs, now)) {
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

    private static boolean inOutage(AtomicLong startMs, long now) {
        long start = startMs.get();
        return start != 0 && now - start < OUTAGE_MS;
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
