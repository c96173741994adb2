package dev.resilience.agent.instrument;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What an asynchronous call watches of the stage a method returned. Stateless. */
final class WatchedStages {
    private WatchedStages() {
    }

    /**
     * The stage as a future the agent can watch and cancel: its {@code toCompletableFuture()} (a
     * {@code CompletableFuture} itself, when it is one), else (an implementation may refuse that with an
     * UnsupportedOperationException, as the interface allows) a future its {@code whenComplete}
     * completes. Audit: a refusal here reached the advice's error path, which ran the method a
     * second time, unprotected, and left the attempt's bulkhead place and timer behind.
     */
    static CompletableFuture<?> future(CompletionStage<?> stage) {
        // No shortcut for a CompletableFuture: minimalCompletionStage() is one whose cancel() throws,
        // and whose toCompletableFuture() gives a relay that can be cancelled (review).
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
            } else if (!bridge.complete(value)) {
                HttpResponses.dropLate(value); // the attempt was given up (timed out, cancelled): nobody reads it
            }
        });
        return bridge;
    }

    /**
     * Cancels a watched future. Never throws: a library's future whose cancel() refuses (as a
     * minimal stage's does) must not skip the decision the agent makes next, or the caller's
     * future would never complete.
     */
    static void cancel(CompletableFuture<?> future) {
        try {
            future.cancel(true);
        } catch (RuntimeException refused) {
            // the attempt is given up all the same: its outcome, whenever it comes, is dropped
        }
    }
}
