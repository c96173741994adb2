package com.example.orchestrator.demo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WireMock transformer that turns the stubbed healthy answer of one service into what the
 * {@link FaultPlan} says, and counts what it served. {@link #reset()} starts a new run. The
 * schedule's clock is shared by the four services and starts at the run's first request to any of
 * them (see {@link FaultPlan}).
 *
 * <p>Thread-safe.
 */
final class ScriptedFaults implements ResponseDefinitionTransformerV2 {
    private final String service;
    private final FaultPlan plan;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong firstRequestMs;
    private final Map<FaultPlan.Kind, AtomicInteger> served = new EnumMap<>(FaultPlan.Kind.class);
    /** Requests so far per job, to tell a job's first attempt from its retries. */
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    /**
     * @param firstRequestMs the run's clock, shared by the four services: epoch ms of the run's first
     *                       request, 0 until it arrives
     */
    ScriptedFaults(String service, FaultPlan plan, AtomicLong firstRequestMs) {
        this.service = service;
        this.plan = plan;
        this.firstRequestMs = firstRequestMs;
        for (FaultPlan.Kind k : FaultPlan.Kind.values()) served.put(k, new AtomicInteger());
    }

    /** Forgets the previous run's request numbers and counts (the owner restarts the shared clock). */
    void reset() {
        requests.set(0);
        attempts.clear();
        served.values().forEach(c -> c.set(0));
    }

    Map<FaultPlan.Kind, Integer> served() {
        Map<FaultPlan.Kind, Integer> copy = new EnumMap<>(FaultPlan.Kind.class);
        served.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** A request with this header is the driver warming the services up: answered healthy, not counted. */
    static final String WARM_UP_HEADER = "X-Demo-Warm-Up";

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        if (serveEvent.getRequest().containsHeader(WARM_UP_HEADER)) return serveEvent.getResponseDefinition();
        int n = requests.getAndIncrement();
        long now = System.currentTimeMillis();
        firstRequestMs.compareAndSet(0, now);
        long elapsed = now - firstRequestMs.get();
        String job = jobOf(serveEvent.getRequest());
        int index = job != null ? Integer.parseInt(job.substring("job-".length())) : n;
        int attempt = job != null ? attempts.merge(job, 1, Integer::sum) - 1 : 0;
        FaultPlan.Decision d = plan.decide(service, index, attempt, elapsed);
        served.get(d.kind()).incrementAndGet();
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
                .withFixedDelay(d.delayMs());
        return switch (d.kind()) {
            case OK, SLOW -> (service.equals("whisper") && job != null ? b.withBody(transcriptOf(job)) : b).build();
            case HTTP_503 -> b.withStatus(503).withBody(service + ": service unavailable").build();
            case HTTP_504 -> b.withStatus(504).withBody("gateway: upstream " + service + " connect timed out").build();
            case HTTP_429 -> b.withStatus(429).withHeader("Retry-After", "1").withBody("rate limit exceeded").build();
            case RESET -> b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        };
    }

    /**
     * Whisper's answer for a job's audio. The transcript names the memo, as a real one would name
     * its subject, so the job can be told from the LLM prompt and the database row that carry it.
     */
    static String transcriptOf(String job) {
        return "{\"text\":\" Voice memo " + job + ": the quarterly numbers are up, details to follow.\"}";
    }

    /**
     * The job a request is for, as the app names it ({@code job-007}): in the storage object's path,
     * the database row, the audio's file name, the transcript in the LLM prompt; null when the
     * request does not say.
     */
    static String jobOf(Request request) {
        Matcher m = JOB.matcher(request.getUrl());
        if (m.find()) return m.group();
        m = JOB.matcher(request.getBodyAsString());
        return m.find() ? m.group() : null;
    }

    private static final Pattern JOB = Pattern.compile("job-\\d{3,9}");

    @Override
    public String getName() {
        return "scripted-faults-" + service;
    }
}
