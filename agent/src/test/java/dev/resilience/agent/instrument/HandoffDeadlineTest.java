package dev.resilience.agent.instrument;

import dev.resilience.agent.api.CallTimeoutException;
import dev.resilience.agent.core.FakeClock;
import dev.resilience.agent.core.HandoffWait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import testprologue.MidCallBody;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Review: a thread-mode attempt waited for its worker a whole timeout counted from after it had
 * found the worker and closed the previous attempt's response, not until its deadline. A caller
 * could regain control past the deadline by as long as those took: up to 100 ms to find a worker
 * when every thread allowed is busy, and a close that blocks as long as it blocks.
 */
class HandoffDeadlineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @AfterEach
    void restoreBodies() {
        MidCallBody.response = () -> null;
    }

    @Test
    void aRetryWhosePreviousResponseTookItsTimeToCloseWaitsOnlyUntilItsDeadline() throws Exception {
        FakeClock clock = new FakeClock();
        AtomicInteger bodies = new AtomicInteger();
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch retryRuns = new CountDownLatch(1);
        // Closing the first attempt's 503 takes all but a millisecond of the retry's time (the retry's clock has
        // started): once the retry's body runs, lest a worker slow to start find its deadline passed (review).
        AutoCloseable slowToClose = () -> {
            retryRuns.await(10, TimeUnit.SECONDS);
            clock.advance(TIMEOUT.minusMillis(1));
        };
        MidCallBody.response = () -> {
            if (bodies.incrementAndGet() == 1) {
                return new HttpResponsesTest.JdkResponse<>(503, HttpResponsesTest.headers(Map.of()), slowToClose);
            }
            retryRuns.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                cancelled.countDown();
            }
            return null;
        };
        Site site = site(clock);

        long start = System.nanoTime();
        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(frame).isNotNull();
        assertThat(frame.takeError()).isInstanceOf(CallTimeoutException.class);
        assertThat(bodies.get()).isEqualTo(2);
        assertThat(tookMillis).as("the retry timed out a millisecond after the close, not a whole timeout after it")
                .isLessThan(TIMEOUT.toMillis() / 2);
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the timed-out body is interrupted").isTrue();
    }

    /**
     * Review: a body that ended before its deadline, whose worker was descheduled before handing the
     * outcome over, was timed out and its response dropped unclosed: the caller gets it, taken from
     * the body without waiting for the worker.
     */
    @Test
    void aBodyThatEndedInTimeIsTheCallersThoughItsWorkerHandsItOverLate() throws Exception {
        FakeClock clock = new FakeClock();
        long deadline = clock.nanoTime() + TIMEOUT.toNanos();
        WorkerBody body = ranOn(clock, deadline);
        AtomicInteger gets = new AtomicInteger();
        CompletableFuture<Object> notHandedOver = new CompletableFuture<>() {
            @Override
            public Object get(long timeout, TimeUnit unit) throws TimeoutException {
                gets.incrementAndGet();
                throw new TimeoutException(); // the caller's wait ends first
            }
        };

        assertThat(HandoffDispatch.awaitOutcome(new HandoffWait(0), notHandedOver, body, 0)).isEqualTo("plain");
        assertThat(gets.get()).as("not waited for past the deadline").isEqualTo(1);
        assertThat(notHandedOver.isCancelled()).isFalse();
        assertThat(body.endedPast(deadline)).isFalse();
    }

    /** A body that finished past its deadline is not waited for either: its outcome is taken, to be judged late (and a response closed). */
    @Test
    void aBodyThatEndedAtItsDeadlineIsTakenAtOnceToBeJudgedLate() throws Exception {
        FakeClock clock = new FakeClock();
        long deadline = clock.nanoTime();
        WorkerBody body = ranOn(clock, deadline + 1); // taken before its own deadline, ended at this one
        AtomicInteger gets = new AtomicInteger();
        CompletableFuture<Object> never = new CompletableFuture<>() {
            @Override
            public Object get(long timeout, TimeUnit unit) throws TimeoutException {
                gets.incrementAndGet();
                throw new TimeoutException();
            }
        };

        assertThat(HandoffDispatch.awaitOutcome(new HandoffWait(0), never, body, 0)).isEqualTo("plain");
        assertThat(gets.get()).isEqualTo(1);
        assertThat(body.endedPast(deadline)).isTrue();
    }

    /** A body still running when the wait ends is given up and cancelled: its outcome, should it come, is nobody's. */
    @Test
    void aBodyStillRunningAtTheDeadlineIsGivenUpAndCancelled() throws Exception {
        FakeClock clock = new FakeClock();
        Site site = site(clock);
        WorkerBody body = new WorkerBody(ThreadContext.current().snapshot(clock.nanoTime() + 1, site.id()), site,
                MidCallBody.class.getMethod("call"), null, new Object[0], clock);
        CompletableFuture<Object> running = new CompletableFuture<>() {
            @Override
            public Object get(long timeout, TimeUnit unit) throws TimeoutException {
                throw new TimeoutException();
            }
        };

        assertThatThrownBy(() -> HandoffDispatch.awaitOutcome(new HandoffWait(0), running, body, 0))
                .isInstanceOf(TimeoutException.class);
        assertThat(running.isCancelled()).isTrue();
        assertThat(body.neverRan()).as("no worker had taken it").isTrue();
        assertThat(body.call()).as("a worker taking it now does not run it").isNull();
    }

    /** A worker's body for {@code MidCallBody.call}, run here to its end at {@code clock}'s time. */
    private static WorkerBody ranOn(FakeClock clock, long snapshotDeadline) throws Exception {
        Site site = site(clock);
        WorkerBody body = new WorkerBody(ThreadContext.current().snapshot(snapshotDeadline, site.id()), site,
                MidCallBody.class.getMethod("call"), null, new Object[0], clock);
        assertThat(body.call()).isEqualTo("plain");
        return body;
    }

    private static Site site(FakeClock clock) {
        return HandoffSites.bound("respond", "()Ljava/net/http/HttpResponse;", """
                version: 1
                rules:
                  - name: slow-close
                    match: { class: testprologue.MidCallBody, methods: [respond] }
                    retry: { onStatus: [503], maxAttempts: 2, delay: 1ms }
                    circuitBreaker: off
                    timeout: 20s
                """, clock, nanos -> { });
    }
}
