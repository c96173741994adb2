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
