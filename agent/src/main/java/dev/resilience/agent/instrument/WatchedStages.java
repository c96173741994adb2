package dev.resilience.agent.instrument;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What an asynchronous call watches of the stage a method returned. Stateless. */
final class WatchedStages {
    private WatchedStages() {
    }

    /**
     * The stage as a future the agent can watch and cancel: itself when it is one, else its
     * {@code toCompletableFuture()}, else (an implementation may refuse that with an
     * UnsupportedOperationException, as the interface allows) a future its {@code whenComplete}
     * completes. Audit: a refusal here reached the advice's error path, which ran the method a
     * second time, unprotected, and left the attempt's bulkhead place and timer behind.
     */
    static CompletableFuture<?> future(CompletionStage<?> stage) {
        if (stage instanceof CompletableFuture<?> future) {
            return future;
        }
        try {
            CompletableFuture<?> future = stage.toCompletableFuture();
            if (future != null) {
                return future;
            }
        } catch (RuntimeException unsupported) {
            // watched through whenComplete below; the caller's cancel then cannot reach the stage
        }
        CompletableFuture<Object> bridge = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error != null) {
                bridge.completeExceptionally(error);
            } else {
                bridge.complete(value);
            }
        });
        return bridge;
    }
}
