package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: a method returning a failed minimal stage ({@code CompletableFuture.failedStage(e)}) gave its
 * caller {@code CompletionException(e)}, where without the agent the caller's {@code whenComplete}
 * sees {@code e}: the agent watched the stage through {@code toCompletableFuture()}, a relay that wraps.
 */
class AsyncMinimalStageTest {
    /** Declares a CompletableFuture and returns a minimal stage (one), failed with a new IOException per call. */
    public static class MinimalStages {
        final AtomicInteger calls = new AtomicInteger();

        @SuppressWarnings("unchecked")
        public CompletableFuture<String> fetch() {
            IOException failure = new IOException("boom " + calls.incrementAndGet());
            return (CompletableFuture<String>) CompletableFuture.<String>failedStage(failure);
        }
    }

    @Test
    void aFailedMinimalStageReachesTheCallerUnwrappedWithTheEarlierFailuresSuppressed() throws Exception {
        MinimalStages service = new MinimalStages();

        Throwable failure = failureSeenByTheCaller("""
                  - name: minimal
                    match: { class: x.MinimalStages, methods: [fetch] }
                    retry: { maxAttempts: 2, delay: 1ms }
                    timeout: off
                    circuitBreaker: off
                """, service);

        assertThat(failure).isExactlyInstanceOf(IOException.class).hasMessage("boom 2");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("boom 1");
        assertThat(service.calls).hasValue(2);
    }

    @Test
    void withNothingToEnforceTheCallerSeesWhatTheStageHolds() throws Exception {
        Throwable failure = failureSeenByTheCaller("""
                  - name: minimal
                    match: { class: x.MinimalStages, methods: [fetch] }
                    retry: off
                    timeout: off
                    circuitBreaker: off
                """, new MinimalStages());

        assertThat(failure).isExactlyInstanceOf(IOException.class).hasMessage("boom 1");
    }

    private static Throwable failureSeenByTheCaller(String rule, MinimalStages service) throws Exception {
        Site site = AsyncSites.bound(rule, MinimalStages.class);
        Frame frame = HandoffDispatch.handoff(site.id(), MinimalStages.class, service, new Object[0]);
        CompletionStage<?> stage = (CompletionStage<?>) frame.takeValue();
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        stage.whenComplete((value, error) -> seen.complete(error));
        return seen.get(5, TimeUnit.SECONDS);
    }
}
