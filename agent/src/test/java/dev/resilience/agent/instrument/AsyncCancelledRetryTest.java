package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncCancelledRetryTest {
    public static class Svc {
        int calls;

        public CompletableFuture<String> fetch() {
            calls++;
            return CompletableFuture.failedFuture(new IOException("down"));
        }
    }

    public static class FailsOnce {
        int calls;

        public CompletableFuture<String> fetch() {
            return ++calls == 1 ? CompletableFuture.failedFuture(new IOException("down")) : CompletableFuture.completedFuture("ok");
        }
    }

    /**
     * Review: with every async retry thread busy, a retry runs on the scheduler's thread inside its own
     * scheduled task, and completing the caller's future from there made the agent take the task for a
     * retry still waiting, dropped by the caller: a call that succeeded on its retry counted as a failure too.
     */
    @Test
    void aRetryThatRunsOnTheSchedulersThreadCountsItsCallOnce() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: once
                    match: { class: x.FailsOnce, methods: [fetch] }
                    retry: { maxAttempts: 2, delay: 10ms }
                    timeout: off
                    circuitBreaker: off
                """, FailsOnce.class);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread self = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        while (!full.get()) { // until the pool is so busy that it runs a task on the thread that hands it over
            Services.asyncRetries().execute(() -> {
                if (Thread.currentThread() == self) {
                    full.set(true);
                    return;
                }
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            Frame frame = HandoffDispatch.handoff(site.id(), FailsOnce.class, new FailsOnce(), new Object[0]);
            CompletableFuture<?> future = (CompletableFuture<?>) frame.takeValue();

            assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> site.stats().successes.sum() == 1);
            Thread.sleep(50); // a second count, if any, comes from the scheduled task's end
            assertThat(site.stats().failures.sum()).isZero();
            assertThat(site.stats().retries.sum()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    public static class Cancels {
        public CompletableFuture<String> fetch() {
            throw new java.util.concurrent.CancellationException("the method's own library gave up");
        }
    }

    public static class Pending {
        public CompletableFuture<String> fetch() {
            return new CompletableFuture<>();
        }
    }

    /**
     * Review: observing, every CancellationException was taken for the caller's cancel, also one the
     * method threw itself before the caller held anything; enforcement records it as a failure, so
     * observing must too, or it predicts a breaker that stays closed where enforcement opens it.
     */
    @Test
    void observingACancellationTheMethodThrowsItselfIsAFailureForTheBreaker() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: thrown
                    mode: observe
                    match: { class: x.Cancels, methods: [fetch] }
                    retry: off
                    timeout: off
                    circuitBreaker: { failureThreshold: 1, openDuration: 1h }
                """, Cancels.class);

        try {
            HandoffDispatch.handoff(site.id(), Cancels.class, new Cancels(), new Object[0]).takeValue();
        } catch (java.util.concurrent.CancellationException thrownToTheCaller) {
            // observing, what the method throws at once reaches its caller
        }

        assertThat(site.binding().circuitBreaker().state()).isEqualTo(dev.resilience.agent.core.CircuitBreaker.State.OPEN);
    }

    /** Review: observing, a call the open circuit would have refused and its caller cancelled counted as a failure. */
    @Test
    void observingACallerCancelOfAWouldBeRefusedCallIsARejection() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: refused
                    mode: observe
                    match: { class: x.Pending, methods: [fetch] }
                    retry: off
                    timeout: off
                    circuitBreaker: { failureThreshold: 1, openDuration: 1h }
                """, Pending.class);
        site.binding().circuitBreaker().forceOpen();

        Frame frame = HandoffDispatch.handoff(site.id(), Pending.class, new Pending(), new Object[0]);
        ((CompletableFuture<?>) frame.takeValue()).cancel(true);

        assertThat(site.stats().rejections.sum()).isEqualTo(1);
        assertThat(site.stats().failures.sum()).isZero();
    }

    public static class PendingTwice {
        final java.util.concurrent.CountDownLatch calledTwice = new java.util.concurrent.CountDownLatch(2);

        public CompletableFuture<String> fetch() {
            calledTwice.countDown();
            return new CompletableFuture<>();
        }
    }

    /**
     * A call whose first attempt timed out and whose caller cancelled the retry running: a failed
     * call, not a timed-out one (its last attempt ended by the cancel), with the one timeout counted.
     */
    @Test
    void aCallCancelledDuringTheRetryAfterATimeoutIsNoTimedOutCall() throws Exception {
        Site site = AsyncSites.bound("""
                  - name: slow
                    match: { class: x.PendingTwice, methods: [fetch] }
                    retry: { maxAttempts: 2, delay: 1ms, retryOn: [java.util.concurrent.TimeoutException] }
                    timeout: 500ms
                    circuitBreaker: off
                """, PendingTwice.class);
        PendingTwice service = new PendingTwice();

        Frame frame = HandoffDispatch.handoff(site.id(), PendingTwice.class, service, new Object[0]);
        CompletableFuture<?> future = (CompletableFuture<?>) frame.takeValue();
        assertThat(service.calledTwice.await(5, TimeUnit.SECONDS)).isTrue();
        future.cancel(true);

        // counted as the retry's attempt settles, on the retry's thread if it had not yet published its future
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> site.stats().failures.sum() == 1);
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
        assertThat(site.stats().timedOutCalls.sum()).isZero();
    }

    /**
     * Review: a retry waiting out a long backoff stayed in the scheduler's queue (holding the call's
     * receiver, arguments and the caller's class loader) until its time came, although the caller had
     * cancelled. It is taken out at the cancel, and the call counted as failed, once.
     */
    @Test
    void cancellingTheCallersFutureDropsTheScheduledRetry() {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: svc
                    match: { class: x.Svc, methods: [fetch] }
                    retry: { maxAttempts: 3, delay: 1h, maxDelay: 1h }
                    timeout: off
                    circuitBreaker: off
                """, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, l -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, Svc.class.getName(), "fetch", "()Ljava/util/concurrent/CompletableFuture;",
                new String[0], Site.Kind.ASYNC, false, false, false, Svc.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        ScheduledThreadPoolExecutor scheduler = (ScheduledThreadPoolExecutor) Services.scheduler();
        // a task of our own, due after the retry, keeps the scheduler's queue non-empty and ordered for the check
        ScheduledFuture<?> marker = scheduler.schedule(() -> { }, 2, TimeUnit.HOURS);
        int queued = scheduler.getQueue().size();
        Svc svc = new Svc();

        Frame frame = HandoffDispatch.handoff(site.id(), Svc.class, svc, new Object[0]);
        CompletableFuture<?> future = (CompletableFuture<?>) frame.takeValue();
        assertThat(scheduler.getQueue()).as("the retry, waiting out its backoff").hasSize(queued + 1);
        future.cancel(true);

        assertThat(scheduler.getQueue()).as("the retry, gone with the caller's future").hasSize(queued);
        assertThat(svc.calls).isEqualTo(1);
        assertThat(site.stats().failures.sum()).isEqualTo(1);
        assertThat(site.stats().retries.sum()).isZero();
        marker.cancel(false);
    }
}
