package com.example.orchestrator;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bookkeeping around adapter calls: times each call and notes its outcome. It never retries,
 * waits or changes what the call returns or throws; it only watches, so the figures the demo
 * prints are measured rather than made up.
 *
 * <p>Thread-safe.
 */
public final class CallLog {
    /** An adapter call. */
    @FunctionalInterface
    public interface AdapterCall<T> {
        T call() throws IOException;
    }

    private final List<CallRecord> records = new ArrayList<>();

    public <T> T call(String service, String method, String jobId, AdapterCall<T> call) throws IOException {
        long startMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            T result = call.call();
            add(new CallRecord(service, method, jobId, startMs, elapsedMs(t0), true, List.of(), null, 0, false));
            return result;
        } catch (IOException | RuntimeException | Error e) {
            add(failure(service, method, jobId, startMs, elapsedMs(t0), e));
            throw e;
        }
    }

    public synchronized List<CallRecord> records() {
        return List.copyOf(records);
    }

    private synchronized void add(CallRecord record) {
        records.add(record);
    }

    private static CallRecord failure(String service, String method, String jobId, long startMs, double ms, Throwable e) {
        List<String> types = new ArrayList<>();
        for (Class<?> c = e.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) types.add(c.getName());
        boolean timeout = e instanceof SocketTimeoutException || e instanceof HttpTimeoutException;
        return new CallRecord(service, method, jobId, startMs, ms, false, List.copyOf(types),
                String.valueOf(e.getMessage()), e.getSuppressed().length, timeout);
    }

    private static double elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
