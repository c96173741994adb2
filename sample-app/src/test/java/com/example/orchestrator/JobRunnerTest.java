package com.example.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
    static JobResult ok(Job job) {
        return new JobResult(job.id(), JobResult.Status.COMPLETED, null, 0, 0);
    }

    @Test
    void aJobThatThrowsIsReportedFailedWithItsReason() throws Exception {
        List<JobResult> results = new JobRunner(2, Duration.ZERO, Duration.ofSeconds(10)).run(Main.syntheticJobs(4), job -> {
            if (job.id().equals("job-002")) throw new IllegalStateException("boom");
            return ok(job);
        }, r -> {});

        assertThat(results).extracting(JobResult::status).containsExactly(JobResult.Status.COMPLETED,
                JobResult.Status.FAILED, JobResult.Status.COMPLETED, JobResult.Status.COMPLETED);
        assertThat(results.get(1).reason()).isEqualTo("job crashed: java.lang.IllegalStateException: boom");
    }

    @Test
    void aJobThatNeverReturnsIsReportedWhenTheGuardExpires() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        long t0 = System.nanoTime();

        List<JobResult> results = new JobRunner(2, Duration.ZERO, Duration.ofMillis(300)).run(Main.syntheticJobs(3), job -> {
            if (job.id().equals("job-003")) {
                while (true) {
                    try {
                        never.await(); // a read that ignores interrupts: keep waiting
                    } catch (InterruptedException ignored) {
                        // swallowed, like a blocking socket read would
                    }
                }
            }
            return ok(job);
        }, r -> {});

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(results.get(2).status()).isEqualTo(JobResult.Status.FAILED);
        assertThat(results.get(2).reason()).contains("did not finish within the");
        assertThat(results.subList(0, 2)).allMatch(JobResult::completed);
    }

    @Test
    void everyJobIsReportedExactlyOnceAndConcurrencyIsBounded() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        ConcurrentHashMap<String, Integer> reported = new ConcurrentHashMap<>();

        List<JobResult> results = new JobRunner(3, Duration.ZERO, Duration.ofSeconds(10)).run(Main.syntheticJobs(30), job -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return ok(job);
        }, r -> reported.merge(r.jobId(), 1, Integer::sum));

        assertThat(results).hasSize(30).allMatch(JobResult::completed);
        assertThat(reported).hasSize(30).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(maxRunning.get()).isBetween(1, 3);
    }
}
