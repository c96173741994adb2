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
