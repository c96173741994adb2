package com.example.orchestrator.demo;

import com.example.orchestrator.CallRecord;
import com.example.orchestrator.CallStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one service in one run, all measured:
 * calls, successes, failures, latencies and the time callers spent waiting for calls that failed
 * in the end (the waiting a breaker saves) from the app's own call records; requests from
 * WireMock's journal, hence {@code retries = requests - (calls - rejected)} (a rejected call sends
 * nothing); timeouts from the exceptions callers saw (a timed-out attempt followed by a successful
 * retry leaves no trace there); the agent's own figures (attempt timeouts, breaker opens and resets)
 * from an {@link AgentFigureSource}, null when unknown.
 */
record ServiceFigures(String service, int calls, int successes, int failures, int rejected, double failedMs, int requests,
                      int retries, int timeouts, Integer timedOutAttempts, Integer breakerOpens, Integer breakerResets,
                      double p50Ms, double p99Ms) {

    static ServiceFigures of(String service, DemoRun run) {
        return of(service, run, AgentFigureSource.AGENT_LOG);
    }

    static ServiceFigures of(String service, DemoRun run, AgentFigureSource agent) {
        List<CallRecord> calls = run.data().callsOf(service);
        int ok = 0, failed = 0, rejected = 0, timeouts = 0;
        double failedMs = 0;
        List<Double> durations = new ArrayList<>();
        for (CallRecord c : calls) {
            durations.add(c.durationMs());
            switch (CallOutcome.of(c)) {
                case OK -> ok++;
                case FAILED -> failed++;
                case REJECTED -> rejected++;
            }
            if (!c.ok()) failedMs += c.durationMs();
            if (c.timeout()) timeouts++;
        }
        int requests = run.requestTimes().getOrDefault(service, List.of()).size();
        AgentFigureSource.AgentFigures a = agent.of(service, run);
        return new ServiceFigures(service, calls.size(), ok, failed + rejected, rejected, failedMs, requests,
                requests - (calls.size() - rejected), timeouts, a.timedOutAttempts(), a.breakerOpens(), a.breakerResets(),
                CallStats.percentile(durations, 50), CallStats.percentile(durations, 99));
    }
}
