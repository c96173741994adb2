package com.example.orchestrator.demo;

import com.example.orchestrator.CallRecord;
import com.example.orchestrator.JobResult;
import com.example.orchestrator.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run's JSON summary ({@link com.example.orchestrator.RunReport}) read back. Immutable. */
public record RunData(boolean agent, long startEpochMs, long endEpochMs, List<JobResult> jobs, List<CallRecord> calls) {

    public static RunData read(Path file) throws IOException {
        Map<String, Object> root = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        List<JobResult> jobs = new ArrayList<>();
        for (Object o : (List<?>) root.get("jobs")) {
            Map<?, ?> m = (Map<?, ?>) o;
            jobs.add(new JobResult((String) m.get("id"), JobResult.Status.valueOf((String) m.get("status")),
                    (String) m.get("reason"), num(m.get("startEpochMs")).longValue(), num(m.get("durationMs")).doubleValue()));
        }
        List<CallRecord> calls = new ArrayList<>();
        for (Object o : (List<?>) root.get("calls")) {
            Map<?, ?> m = (Map<?, ?>) o;
            List<String> types = new ArrayList<>();
            for (Object t : (List<?>) m.get("exceptionTypes")) types.add((String) t);
            calls.add(new CallRecord((String) m.get("service"), (String) m.get("method"), (String) m.get("job"),
                    num(m.get("startEpochMs")).longValue(), num(m.get("durationMs")).doubleValue(),
                    (Boolean) m.get("ok"), List.copyOf(types), (String) m.get("message"),
                    num(m.get("suppressed")).intValue(), (Boolean) m.get("timeout")));
        }
        return new RunData((Boolean) root.get("agent"), num(root.get("startEpochMs")).longValue(),
                num(root.get("endEpochMs")).longValue(), List.copyOf(jobs), List.copyOf(calls));
    }

    public List<CallRecord> callsOf(String service) {
        return calls.stream().filter(c -> c.service().equals(service)).toList();
    }

    public long completedJobs() {
        return jobs.stream().filter(JobResult::completed).count();
    }

    private static Number num(Object o) {
        return (Number) o;
    }
}
