package com.example.orchestrator.demo;

import com.example.orchestrator.CallRecord;
import com.example.orchestrator.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made runs for the report tests; T0 is the run's start. */
final class Fixtures {
    static final long T0 = 1_700_000_000_000L;

    private Fixtures() {}

    static CallRecord ok(String service, long at, double ms) {
        return new CallRecord(service, "m", "job", T0 + at, ms, true, List.of(), null, 0, false);
    }

    static CallRecord failed(String service, long at, double ms, String type, String message) {
        return new CallRecord(service, "m", "job", T0 + at, ms, false, List.of(type, "java.io.IOException", "java.lang.Exception"),
                message, 0, type.contains("Timeout"));
    }

    static DemoRun run(boolean agent, List<CallRecord> calls, Map<String, List<Long>> requestsAt,
                       List<BreakerLog.Transition> transitions) {
        return run(agent, calls, requestsAt, transitions, Map.of());
    }

    /** @param ruleSummaries the agent's shutdown summary by rule, as {@link SummaryLog} reads it */
    static DemoRun run(boolean agent, List<CallRecord> calls, Map<String, List<Long>> requestsAt,
                       List<BreakerLog.Transition> transitions, Map<String, Map<String, Long>> ruleSummaries) {
        Map<String, List<Long>> requests = new LinkedHashMap<>();
        for (String s : SimulatedServices.SERVICES) {
            List<Long> abs = new ArrayList<>();
            for (long at : requestsAt.getOrDefault(s, List.of())) abs.add(T0 + at);
            requests.put(s, abs);
        }
        List<JobResult> jobs = List.of(new JobResult("job-001", JobResult.Status.COMPLETED, null, T0, 10),
                new JobResult("job-002", JobResult.Status.FAILED, "whisper.transcribe: x", T0, 10));
        return new DemoRun(agent ? "with agent" : "without agent", agent, new RunData(agent, T0, T0 + 2000, jobs, calls),
                requests, Map.of(), transitions, agent, ruleSummaries);
    }
}
