package com.example.orchestrator;

import com.example.orchestrator.json.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON summary of one run, written for the demo driver and the integration tests:
 * {@code {"agent", "startEpochMs", "endEpochMs", "jobs": [...], "calls": [...]}}.
 */
public final class RunReport {
    private RunReport() {}

    public static void write(Path file, long startMs, long endMs, List<JobResult> jobs, List<CallRecord> calls)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("agent", agentAttached());
        root.put("startEpochMs", startMs);
        root.put("endEpochMs", endMs);
        List<Object> jobList = new ArrayList<>();
        for (JobResult j : jobs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", j.jobId());
            m.put("status", j.status().name());
            m.put("reason", j.reason());
            m.put("startEpochMs", j.startEpochMs());
            m.put("durationMs", j.durationMs());
            jobList.add(m);
        }
        root.put("jobs", jobList);
        List<Object> callList = new ArrayList<>();
        for (CallRecord c : calls) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", c.service());
            m.put("method", c.method());
            m.put("job", c.jobId());
            m.put("startEpochMs", c.startEpochMs());
            m.put("durationMs", c.durationMs());
            m.put("ok", c.ok());
            m.put("exceptionTypes", c.exceptionTypes());
            m.put("message", c.message());
            m.put("suppressed", c.suppressed());
            m.put("timeout", c.timeout());
            callList.add(m);
        }
        root.put("calls", callList);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, Json.write(root), StandardCharsets.UTF_8);
    }

    /** Whether this JVM was started with a {@code -javaagent} option. */
    public static boolean agentAttached() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent"));
    }
}
