package com.example.orchestrator.demo;

import com.example.orchestrator.CallRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's run cut into equal time slices, each summed up by one symbol:
 * {@code .} calls succeeded, {@code r} a retry reached the service, {@code x} a call failed,
 * {@code -} a call was rejected by the open breaker, {@code O} the breaker was open (no call),
 * blank: nothing happened. When a slice holds several, the most telling wins (x, -, r, O, .).
 *
 * <p>Retries are placed in time by matching each call to a request that arrived during it; the
 * requests left over are retries ({@link #retries}). With overlapping calls a request may be
 * matched to the wrong one of them, but the number of retries per slice stays right.
 */
record Timeline(String service, long sliceMs, char[] slices) {
    static final char IDLE = ' ', OK = '.', RETRIED = 'r', FAILED = 'x', REJECTED = '-', OPEN = 'O';
    static final String LEGEND = ". ok   r retried   x failed   - rejected (breaker open)   O breaker open   (blank) idle";

    static Timeline of(String service, DemoRun run, long startMs, long sliceMs, int width) {
        char[] s = new char[width];
        java.util.Arrays.fill(s, IDLE);
        List<CallRecord> calls = new ArrayList<>(run.data().callsOf(service));
        calls.sort((a, b) -> Long.compare(a.startEpochMs(), b.startEpochMs()));
        for (CallRecord c : calls) {
            CallOutcome o = CallOutcome.of(c);
            char sym = o == CallOutcome.OK ? OK : o == CallOutcome.FAILED ? FAILED : REJECTED;
            mark(s, slot(c.startEpochMs() + (long) c.durationMs(), startMs, sliceMs, width), sym);
        }
        for (long at : retries(calls, run.requestTimes().getOrDefault(service, List.of()))) {
            mark(s, slot(at, startMs, sliceMs, width), RETRIED);
        }
        for (long[] open : openPeriods(service, run, startMs + sliceMs * width)) {
            for (int i = slot(open[0], startMs, sliceMs, width); i <= slot(open[1], startMs, sliceMs, width); i++) mark(s, i, OPEN);
        }
        return new Timeline(service, sliceMs, s);
    }

    String text() {
        return new String(slices);
    }

    private static int rank(char c) {
        return switch (c) {
            case FAILED -> 5;
            case REJECTED -> 4;
            case RETRIED -> 3;
            case OPEN -> 2;
            case OK -> 1;
            default -> 0;
        };
    }

    private static void mark(char[] s, int i, char sym) {
        if (rank(sym) > rank(s[i])) s[i] = sym;
    }

    private static int slot(long at, long startMs, long sliceMs, int width) {
        return (int) Math.max(0, Math.min(width - 1, (at - startMs) / sliceMs));
    }

    /**
     * The arrival times of requests that were not a call's first attempt: each call that sent
     * something claims one request that arrived while it ran (5 ms of slack either way), what is
     * left are retries. Calls claim in the order they ended, each the earliest request left in its
     * window: this claims as many requests as any assignment could, so a long call (say a slow
     * first request on a cold JVM) never takes the request of a short call inside it and leaves a
     * first attempt looking like a retry.
     */
    static List<Long> retries(List<CallRecord> calls, List<Long> requestTimes) {
        List<Long> left = new ArrayList<>(requestTimes);
        left.sort(null);
        List<CallRecord> byEnd = new ArrayList<>(calls);
        byEnd.sort(java.util.Comparator.comparingDouble(c -> c.startEpochMs() + c.durationMs()));
        for (CallRecord c : byEnd) {
            if (CallOutcome.of(c) == CallOutcome.REJECTED) continue;
            long from = c.startEpochMs() - 5, to = c.startEpochMs() + (long) c.durationMs() + 5;
            for (int i = 0; i < left.size(); i++) {
                long t = left.get(i);
                if (t > to) break;
                if (t >= from) {
                    left.remove(i);
                    break;
                }
            }
        }
        return left;
    }

    /** [from, to] epoch ms intervals during which the service's breaker was OPEN, per the agent's log. */
    static List<long[]> openPeriods(String service, DemoRun run, long endMs) {
        List<long[]> periods = new ArrayList<>();
        Long openedAt = null;
        for (BreakerLog.Transition t : run.transitions()) {
            if (!service.equals(BreakerLog.serviceOf(t.rule(), SimulatedServices.SERVICES))) continue;
            if (t.to().equals("OPEN") && openedAt == null) openedAt = t.atEpochMs();
            else if (!t.to().equals("OPEN") && openedAt != null) {
                periods.add(new long[] {openedAt, t.atEpochMs()});
                openedAt = null;
            }
        }
        if (openedAt != null) periods.add(new long[] {openedAt, endMs});
        return periods;
    }
}
