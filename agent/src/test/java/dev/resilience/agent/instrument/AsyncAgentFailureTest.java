package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent failing on the caller's thread once an asynchronous method has run (review): the
 * caller gets what the method returned, the method runs once, and the failure is counted.
 */
class AsyncAgentFailureTest {
    /** A future whose {@code whenComplete} fails, as a bug of the agent's watching would. */
    static final class UnwatchableFuture extends CompletableFuture<String> {
        @Override
        public CompletableFuture<String> whenComplete(BiConsumer<? super String, ? super Throwable> action) {
            throw new IllegalStateException("cannot be watched");
        }
    }

    /** Blocks past an observing rule's timeout, then returns a completed future that cannot be watched. */
    public static class SlowUnwatchable {
        final AtomicInteger calls = new AtomicInteger();

        public CompletableFuture<String> fetch() throws InterruptedException {
            calls.incrementAndGet();
            Thread.sleep(300);
            UnwatchableFuture future = new UnwatchableFuture();
            future.complete("value");
            return future;
        }
    }

    /** Observing: the would-be timeout was counted first, and the caller got a future nothing completed. */
    @Test
    void observingTheCallerGetsTheMethodsOwnFutureThoughTheTimeoutWasCounted() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: observed
                    mode: observe
                    match: { class: x.SlowUnwatchable, methods: [fetch] }
                    retry: off
                    timeout: 50ms
                    circuitBreaker: off
                """, SlowUnwatchable.class);
        SlowUnwatchable service = new SlowUnwatchable();

        Frame frame = HandoffDispatch.handoff(site.id(), SlowUnwatchable.class, service, new Object[0]);

        assertThat(frame).isNotNull();
        assertThat(((CompletableFuture<?>) frame.takeValue()).get(2, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(service.calls).hasValue(1);
        assertThat(site.stats().agentErrors.sum()).isEqualTo(1);
    }

    /** Fails its first call (a failed future) and succeeds after; the rule's clock is set to fail some reads later. */
    public static class FailsOnce {
        static final AtomicInteger READS_LEFT = new AtomicInteger(Integer.MAX_VALUE);
        static volatile int armAfter;
        /** Fails with a 503 response rather than an exception. */
        static volatile boolean byStatus;
        final AtomicInteger calls = new AtomicInteger();

        public CompletableFuture<Object> fetch() {
            boolean first = calls.incrementAndGet() == 1;
            if (first) {
                READS_LEFT.set(armAfter);
            }
            if (byStatus) {
                return CompletableFuture.completedFuture(new HttpResponsesTest.JdkResponse<>(first ? 503 : 200,
                        HttpResponsesTest.headers(java.util.Map.of()), "body"));
            }
            return first ? CompletableFuture.failedFuture(new java.io.IOException("service down"))
                    : CompletableFuture.completedFuture("value");
        }
    }

    /**
     * Review: a retry whose start failed inside the agent kept the bulkhead place its admission took
     * (every later call was refused), and the caller got the agent's error. Wherever the clock fails
     * after the first attempt, the caller gets the service's failure or the retry's value, and the
     * next call is let in.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "by status {1}, clock fails after {0} reads")
    @org.junit.jupiter.params.provider.CsvSource({"0, false", "1, false", "2, false", "3, false", "4, false", "5, false",
        "6, false", "7, false", "8, false", "9, false", "10, false", "11, false", "0, true", "1, true", "2, true", "3, true",
        "4, true", "5, true", "6, true", "7, true", "8, true", "9, true", "10, true", "11, true"})
    void aRetryThatFailsToStartEndsTheCallWithWhatTheLastAttemptGave(int cleanReads, boolean byStatus) throws Exception {
        FailsOnce.armAfter = cleanReads;
        FailsOnce.byStatus = byStatus;
        FailsOnce.READS_LEFT.set(Integer.MAX_VALUE);
        NanoClock failing = () -> {
            if (FailsOnce.READS_LEFT.getAndDecrement() <= 0) {
                FailsOnce.READS_LEFT.set(Integer.MAX_VALUE); // one failure
                throw new IllegalStateException("the agent's own failure");
            }
            return System.nanoTime();
        };
        Site site = AsyncSites.bound("""
                  - name: once
                    match: { class: x.FailsOnce, methods: [fetch] }
                    retry: { maxAttempts: 2, delay: 1ms, onStatus: [503] }
                    timeout: 5s
                    bulkhead: { maxConcurrent: 1, maxWait: 0ms }
                    circuitBreaker: off
                """, FailsOnce.class, failing);
        FailsOnce service = new FailsOnce();

        // inside an enclosing call (a deadline 10 s away), so that each attempt reads the clock as it starts
        ThreadContext context = ThreadContext.current();
        long saved = context.deadline;
        context.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Frame frame;
        try {
            frame = HandoffDispatch.handoff(site.id(), FailsOnce.class, service, new Object[0]);
        } finally {
            context.deadline = saved;
        }
        Object outcome = frame == null ? "ran unprotected" : outcomeOf((CompletableFuture<?>) frame.takeValue());

        assertThat(outcome).isIn("value", "java.io.IOException: service down", "status 503", "status 200", "ran unprotected");
        assertThat(service.calls.get()).isLessThanOrEqualTo(2);
        int before = service.calls.get();
        FailsOnce.READS_LEFT.set(Integer.MAX_VALUE); // a failure not yet reached stays out of the next call
        Frame next = HandoffDispatch.handoff(site.id(), FailsOnce.class, service, new Object[0]);
        assertThat(outcomeOf((CompletableFuture<?>) next.takeValue())).as("the bulkhead let the next call in")
                .isEqualTo(byStatus ? "status 200" : "value");
        assertThat(service.calls.get()).isEqualTo(before + 1);
    }

    private static Object outcomeOf(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(2, TimeUnit.SECONDS);
            return value instanceof java.net.http.HttpResponse<?> response ? "status " + response.statusCode() : value;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause().toString();
        }
    }

    /** A 503 whose body takes 300 ms to close, then 200s. */
    public static class SlowToClose {
        final AtomicInteger calls = new AtomicInteger();

        public CompletableFuture<java.net.http.HttpResponse<?>> fetch() {
            if (calls.incrementAndGet() == 1) {
                AutoCloseable slow = () -> Thread.sleep(300);
                return CompletableFuture.completedFuture(new HttpResponsesTest.JdkResponse<>(503,
                        HttpResponsesTest.headers(java.util.Map.of()), slow));
            }
            return CompletableFuture.completedFuture(new HttpResponsesTest.JdkResponse<>(200,
                    HttpResponsesTest.headers(java.util.Map.of()), "ok"));
        }
    }

    /**
     * Review: the failing response was closed after the retry's timer had started; a close slower
     * than the timeout let that timer retry, and the first retry's body then still ran, after the
     * caller had its answer (outside the bulkhead, whose place the timeout had freed).
     */
    @Test
    void noBodyRunsAfterTheCallerHasItsAnswer() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: slow
                    match: { class: x.SlowToClose, methods: [fetch] }
                    retry: { onStatus: [503], maxAttempts: 3, delay: 1ms, retryOn: [java.util.concurrent.TimeoutException] }
                    timeout: 100ms
                    bulkhead: { maxConcurrent: 1, maxWait: 0ms }
                    circuitBreaker: off
                """, SlowToClose.class);
        SlowToClose service = new SlowToClose();

        Frame frame = HandoffDispatch.handoff(site.id(), SlowToClose.class, service, new Object[0]);
        outcomeOf((CompletableFuture<?>) frame.takeValue());
        int bodies = service.calls.get();
        Thread.sleep(600);

        assertThat(service.calls.get()).as("bodies run after the caller had its answer").isEqualTo(bodies);
    }

    /** Counts its calls and returns a completed future. */
    public static class Counted {
        final AtomicInteger calls = new AtomicInteger();

        public CompletableFuture<String> fetch() {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("value");
        }
    }

    /**
     * Review: inside an enclosing call whose deadline had passed, an asynchronous method's body still
     * ran, untimed (the synchronous path does not run it); the attempt times out before it begins.
     */
    @Test
    void aCallWhoseEnclosingDeadlinePassedDoesNotRunItsBody() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: nested
                    match: { class: x.Counted, methods: [fetch] }
                    retry: off
                    timeout: 5s
                    circuitBreaker: off
                """, Counted.class);
        Counted service = new Counted();
        ThreadContext context = ThreadContext.current();
        long saved = context.deadline;
        context.deadline = System.nanoTime() - 1_000_000; // an enclosing call's deadline, passed
        Frame frame;
        try {
            frame = HandoffDispatch.handoff(site.id(), Counted.class, service, new Object[0]);
        } finally {
            context.deadline = saved;
        }

        assertThat(outcomeOf((CompletableFuture<?>) frame.takeValue()))
                .asString().startsWith("dev.resilience.agent.api.AsyncCallTimeoutException");
        assertThat(service.calls).hasValue(0);
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
    }

    /** Returns a future at once, and makes the rule's clock fail at its next read. */
    public static class Tripping {
        static final AtomicBoolean TRIP = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        public CompletableFuture<String> fetch() {
            calls.incrementAndGet();
            TRIP.set(true);
            return CompletableFuture.completedFuture("value");
        }
    }

    /** Interrupt mode reads the clock after the body: that read failing made the call fail with the agent's error. */
    @Test
    void aFailureOfTheAgentsOwnCodeAfterTheBodyIsNotTakenForTheMethods() throws Exception {
        NanoClock tripping = () -> {
            if (Tripping.TRIP.getAndSet(false)) {
                throw new IllegalStateException("the agent's own failure");
            }
            return System.nanoTime();
        };
        Site site = AsyncSites.bound("""
                  - name: tripping
                    match: { class: x.Tripping, methods: [fetch] }
                    retry: { maxAttempts: 3, delay: 1ms, retryOn: [java.lang.IllegalStateException] }
                    timeout: { duration: 5s, mode: interrupt }
                    circuitBreaker: off
                """, Tripping.class, tripping);
        Tripping service = new Tripping();

        Frame frame = HandoffDispatch.handoff(site.id(), Tripping.class, service, new Object[0]);

        assertThat(((CompletableFuture<?>) frame.takeValue()).get(2, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(service.calls).hasValue(1);
        assertThat(site.stats().agentErrors.sum()).isEqualTo(1);
    }
}
