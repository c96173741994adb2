package dev.resilience.agent.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real threads released together by a barrier, for concurrency tests whose assertions are
 * invariants, never timings. Close it after each test: its threads must all end.
 */
final class Together implements AutoCloseable {
    private final int threads;
    private final Duration patience;
    private final ExecutorService pool;

    Together(int threads, Duration patience) {
        this.threads = threads;
        this.patience = patience;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /** Runs the body on every thread at once and returns the per-thread results. */
    <T> List<T> run(Callable<T> body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return body.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(patience.toMillis(), TimeUnit.MILLISECONDS));
        }
        return results;
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("every test thread ended").isTrue();
    }
}
