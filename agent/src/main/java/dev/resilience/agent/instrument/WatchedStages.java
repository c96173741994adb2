package dev.resilience.agent.instrument;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What an asynchronous call watches of the stage a method returned. Stateless. */
final class WatchedStages {
    private WatchedStages() {
    }

    /**
     * The stage as a future the agent can watch and cancel. A {@code CompletableFuture} whose
     * {@code toCompletableFuture()} is itself is watched as it is. Any other stage is watched through its
     * own {@code whenComplete}, into a future whose cancel() also cancels what {@code toCompletableFuture()}
     * gave, when it gave something: that is a relay, and a relay's failure is not always the stage's
     * (audit: a {@code failedStage(e)}'s relay holds {@code CompletionException(e)}, which the caller then
     * got in place of the {@code e} it gets without the agent). Its {@code toCompletableFuture()} may also
     * refuse, with an UnsupportedOperationException as the interface allows (audit: a refusal here
     * reached the advice's error path, which ran the method a second time, unprotected, and left the
     * attempt's bulkhead place and timer behind); the caller's cancel then cannot reach the stage.
     */
    static CompletableFuture<?> future(CompletionStage<?> stage) {
        // No shortcut for a CompletableFuture: minimalCompletionStage() is one whose cancel() throws,
        // and whose toCompletableFuture() gives a relay that can be cancelled (review).
        CompletableFuture<?> relay = null;
        try {
            relay = stage.toCompletableFuture();
        } catch (RuntimeException unsupported) {
            // watched through whenComplete below
        }
        if (relay == stage) {
            return relay;
        }
        CompletableFuture<Object> bridge = relay == null ? new CompletableFuture<>() : new Relayed(relay);
        stage.whenComplete((value, error) -> {
            if (error != null) {
                bridge.completeExceptionally(error);
            } else if (!bridge.complete(value)) {
                HttpResponses.dropLate(value); // the attempt was given up (timed out, cancelled): nobody reads it
            }
        });
        return bridge;
    }

    /** Completed by the stage itself; cancelling it cancels the stage's relay too. */
    private static final class Relayed extends CompletableFuture<Object> {
        private final CompletableFuture<?> relay;

        Relayed(CompletableFuture<?> relay) {
            this.relay = relay;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            WatchedStages.cancel(relay);
            return super.cancel(mayInterruptIfRunning);
        }
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
