package com.example.orchestrator.demo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WireMock transformer that turns the stubbed healthy answer of one service into what the
 * {@link FaultPlan} says, and counts what it served. {@link #reset()} starts a new run.
 *
 * <p>Thread-safe.
 */
final class ScriptedFaults implements ResponseDefinitionTransformerV2 {
    private final String service;
    private final FaultPlan plan;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong firstRequestMs = new AtomicLong();
    private final Map<FaultPlan.Kind, AtomicInteger> served = new EnumMap<>(FaultPlan.Kind.class);

    ScriptedFaults(String service, FaultPlan plan, long runStartMs) {
        this.service = service;
        this.plan = plan;
        for (FaultPlan.Kind k : FaultPlan.Kind.values()) served.put(k, new AtomicInteger());
        reset(runStartMs);
    }

    /** Forgets the previous run: request numbers and the schedule's clock start again. */
    void reset(long runStartMs) {
        requests.set(0);
        firstRequestMs.set(runStartMs);
        served.values().forEach(c -> c.set(0));
    }

    Map<FaultPlan.Kind, Integer> served() {
        Map<FaultPlan.Kind, Integer> copy = new EnumMap<>(FaultPlan.Kind.class);
        served.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        int n = requests.getAndIncrement();
        long elapsed = System.currentTimeMillis() - firstRequestMs.get();
        FaultPlan.Decision d = plan.decide(service, n, elapsed);
        served.get(d.kind()).incrementAndGet();
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
                .withFixedDelay(d.delayMs());
        return switch (d.kind()) {
            case OK, SLOW -> b.build();
            case HTTP_503 -> b.withStatus(503).withBody(service + ": service unavailable").build();
            case HTTP_429 -> b.withStatus(429).withHeader("Retry-After", "1").withBody("rate limit exceeded").build();
            case RESET -> b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        };
    }

    @Override
    public String getName() {
        return "scripted-faults-" + service;
    }
}
