package com.example.orchestrator.demo;

import com.example.orchestrator.CallRecord;
import com.example.orchestrator.CallStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one service in one run, all measured:
 * calls, successes, failures and latencies from the app's own call records; requests from
 * WireMock's journal, hence {@code retries = requests - (calls - rejected)} (a rejected call sends
 * nothing); timeouts from the exceptions callers saw (a timed-out attempt followed by a successful
 * retry leaves no trace there, so this is a lower bound until the agent's metrics are read);
 * breaker opens and resets from the agent's log, null when unknown.
 */
record ServiceFigures(String service, int calls, int successes, int failures, int rejected, int requests,
                      int retries, int timeouts, Integer breakerOpens, Integer breakerResets, double p50Ms, double p99Ms) {

    static ServiceFigures of(String service, DemoRun run) {
        List<CallRecord> calls = run.data().callsOf(service);
        int ok = 0, failed = 0, rejected = 0, timeouts = 0;
        List<Double> durations = new ArrayList<>();
        for (CallRecord c : calls) {
            durations.add(c.durationMs());
            switch (CallOutcome.of(c)) {
                case OK -> ok++;
                case FAILED -> failed++;
                case REJECTED -> rejected++;
            }
            if (c.timeout()) timeouts++;
        }
        int requests = run.requestTimes().getOrDefault(service, List.of()).size();
        Integer opens = null, resets = null;
        if (run.withAgent() && run.agentLogSeen()) {
            opens = 0;
            resets = 0;
            for (BreakerLog.Transition t : run.transitions()) {
                if (!service.equals(BreakerLog.serviceOf(t.rule(), SimulatedServices.SERVICES))) continue;
                if (t.opened()) opens++;
                if (t.reset()) resets++;
            }
        }
        return new ServiceFigures(service, calls.size(), ok, failed + rejected, rejected, requests,
                requests - (calls.size() - rejected), timeouts, opens, resets,
                CallStats.percentile(durations, 50), CallStats.percentile(durations, 99));
    }
}
