package com.example.orchestrator.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two runs side by side: figures and timelines per service on a common time scale
 * (each run's time counted from its own start). The agent run may be missing (no agent jar).
 */
record Comparison(DemoRun without, DemoRun with, Map<String, ServiceFigures[]> figures,
                  Map<String, Timeline[]> timelines, long sliceMs, int width) {

    static final int MAX_WIDTH = 80;

    static Comparison of(DemoRun without, DemoRun withOrNull) {
        return of(without, withOrNull, AgentFigureSource.AGENT_LOG);
    }

    static Comparison of(DemoRun without, DemoRun withOrNull, AgentFigureSource agentFigures) {
        List<DemoRun> runs = new ArrayList<>();
        runs.add(without);
        if (withOrNull != null) runs.add(withOrNull);
        long longest = runs.stream().mapToLong(r -> r.data().endEpochMs() - r.data().startEpochMs()).max().orElse(1);
        long sliceMs = Math.max(250, (longest + MAX_WIDTH - 1) / MAX_WIDTH);
        sliceMs = (sliceMs + 49) / 50 * 50;
        int width = (int) Math.max(1, (longest + sliceMs - 1) / sliceMs);
        Map<String, ServiceFigures[]> figures = new LinkedHashMap<>();
        Map<String, Timeline[]> timelines = new LinkedHashMap<>();
        for (String s : SimulatedServices.SERVICES) {
            ServiceFigures[] f = new ServiceFigures[runs.size()];
            Timeline[] t = new Timeline[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                f[i] = ServiceFigures.of(s, runs.get(i), agentFigures);
                t[i] = Timeline.of(s, runs.get(i), runs.get(i).data().startEpochMs(), sliceMs, width);
            }
            figures.put(s, f);
            timelines.put(s, t);
        }
        return new Comparison(without, withOrNull, figures, timelines, sliceMs, width);
    }

    List<DemoRun> runs() {
        return with == null ? List.of(without) : List.of(without, with);
    }

    /** Rows of the per-service table: label and one cell per run. */
    List<String[]> rows(String service) {
        ServiceFigures[] f = figures.get(service);
        List<String[]> rows = new ArrayList<>();
        rows.add(row("calls", f, x -> String.valueOf(x.calls())));
        rows.add(row("successes", f, x -> String.valueOf(x.successes())));
        rows.add(row("failures", f, x -> String.valueOf(x.failures())));
        rows.add(row("  of which rejected by breaker", f, x -> String.valueOf(x.rejected())));
        rows.add(row("  time spent in failed calls (s)", f, x -> String.format("%.1f", x.failedMs() / 1000)));
        rows.add(row("requests received", f, x -> String.valueOf(x.requests())));
        rows.add(row("retries", f, x -> String.valueOf(x.retries())));
        rows.add(row("timeouts (seen by callers)", f, x -> String.valueOf(x.timeouts())));
        if (java.util.Arrays.stream(f).anyMatch(x -> x.timedOutAttempts() != null)) {
            rows.add(row("timed-out attempts (agent)", f, x -> x.timedOutAttempts() == null ? "n/a" : String.valueOf(x.timedOutAttempts())));
        }
        rows.add(row("breaker opens", f, x -> x.breakerOpens() == null ? "n/a" : String.valueOf(x.breakerOpens())));
        rows.add(row("breaker resets", f, x -> x.breakerResets() == null ? "n/a" : String.valueOf(x.breakerResets())));
        rows.add(row("p50 latency (ms)", f, x -> ms(x.p50Ms())));
        rows.add(row("p99 latency (ms)", f, x -> ms(x.p99Ms())));
        return rows;
    }

    String[] jobsRow() {
        String[] r = new String[runs().size()];
        for (int i = 0; i < r.length; i++) {
            RunData d = runs().get(i).data();
            r[i] = d.completedJobs() + " / " + d.jobs().size();
        }
        return r;
    }

    /**
     * Rows about whole jobs, after "jobs completed": how long a completed job took, p50 and p99.
     * Completed jobs only: a job that fails in 20 ms would otherwise make a run that fails more
     * jobs look faster; the time lost to failures is the "time spent in failed calls" row.
     */
    List<String[]> jobLatencyRows() {
        List<String[]> rows = new ArrayList<>();
        for (int p : new int[] {50, 99}) {
            String[] r = new String[runs().size() + 1];
            r[0] = "completed job latency p" + p + " (ms)";
            for (int i = 0; i < runs().size(); i++) {
                List<Double> durations = runs().get(i).data().jobs().stream()
                        .filter(com.example.orchestrator.JobResult::completed).map(j -> j.durationMs()).toList();
                r[i + 1] = ms(com.example.orchestrator.CallStats.percentile(durations, p));
            }
            rows.add(r);
        }
        return rows;
    }

    String faultsServed(DemoRun run, String service) {
        StringBuilder sb = new StringBuilder();
        run.served().getOrDefault(service, Map.of()).forEach((kind, n) -> {
            if (kind != FaultPlan.Kind.OK && n > 0) sb.append(sb.length() == 0 ? "" : ", ").append(n).append(" x ").append(kind);
        });
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String[] row(String label, ServiceFigures[] f, java.util.function.Function<ServiceFigures, String> cell) {
        String[] r = new String[f.length + 1];
        r[0] = label;
        for (int i = 0; i < f.length; i++) r[i + 1] = cell.apply(f[i]);
        return r;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.0f", v);
    }
}
