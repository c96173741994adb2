package com.example.orchestrator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Figures for one service computed from its call records. Immutable. */
public record CallStats(String service, int calls, int successes, int failures, int timeouts, double p50Ms, double p99Ms) {

    public static CallStats of(String service, List<CallRecord> all) {
        List<Double> durations = new ArrayList<>();
        int ok = 0, failed = 0, timeouts = 0;
        for (CallRecord r : all) {
            if (!r.service().equals(service)) continue;
            durations.add(r.durationMs());
            if (r.ok()) ok++; else failed++;
            if (r.timeout()) timeouts++;
        }
        return new CallStats(service, durations.size(), ok, failed, timeouts,
                percentile(durations, 50), percentile(durations, 99));
    }

    /** Nearest-rank percentile ({@code p} in 0..100); NaN for no values. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
