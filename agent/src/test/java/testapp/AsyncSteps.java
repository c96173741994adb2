package testapp;

import java.util.concurrent.CompletableFuture;

/**
 * The {@code async.*} steps of {@link Scenario}: calls of {@link AsyncClient}'s methods, which
 * return futures, and what their caller then does with those futures.
 */
final class AsyncSteps {
    private AsyncSteps() {
    }

    static Object call(AsyncClient async, String action, String argument, long start, int n, String step) throws Exception {
        return switch (action) {
            case "async.fetch" -> awaitAsync(async.fetch(argument), start, n, step);
            case "async.fetchThenCancel" -> {
                int fetched = AsyncClient.FETCHED.get();
                CompletableFuture<String> future = async.fetch(argument);
                awaitFirstAttempt(fetched); // its retry waits for the backoff
                future.cancel(true);
                Thread.sleep(1200);  // past the backoff: a retry would have been sent by now
                yield "cancelled=" + future.isCancelled();
            }
            case "async.pending" -> async.pending(argument).isDone() ? "done" : "pending";
            case "async.minimal" -> {
                try { // at most 5 s: a caller's future that never completes fails the step instead of hanging it
                    yield async.minimal(argument).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            case "async.refusing" -> {
                CompletableFuture<String> done = new CompletableFuture<>();
                async.refusing(argument).whenComplete((value, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(value);
                    }
                });
                yield done.get() + " calls=" + AsyncClient.REFUSING_CALLS.get();
            }
            case "async.none" -> String.valueOf(async.none(argument));
            case "async.ownFuture" -> async.ownFuture(argument).getClass().getSimpleName();
            case "async.declaredOwn" -> async.declaredOwn(argument).getClass().getSimpleName();
            case "async.throwsNow" -> async.throwsNow(argument).getClass().getSimpleName();
            case "async.sharedTwice" -> {
                // the first caller times out; once the shared future has its value, a second caller asks
                String first = async.shared(argument).handle((value, error) -> error == null ? value
                        : error.getClass().getSimpleName()).get();
                Thread.sleep(Long.parseLong(argument) + 300);
                String second = async.shared(argument).handle((value, error) -> error == null ? value
                        : error.getClass().getSimpleName()).get();
                yield first + ", shared future cancelled=" + AsyncClient.sharedFuture.isCancelled() + ", then " + second;
            }
            case "async.fetchThenComplete" -> {
                int fetched = AsyncClient.FETCHED.get();
                CompletableFuture<String> future = async.fetch(argument);
                awaitFirstAttempt(fetched); // its retry waits for the backoff
                future.complete("mine");
                Thread.sleep(1200);  // past the backoff: a retry would have been sent by now
                yield "value=" + future.get();
            }
            case "async.cancelTracked" -> {
                async.tracked(argument).cancel(true);
                yield "method's own future cancelled=" + AsyncClient.lastTracked.isCancelled();
            }
            case "async.blocking" -> awaitAsync(async.blocking(argument), start, n, step);
            case "async.fetchPending" -> awaitAsync(async.pending(argument), start, n, step);
            case "async.viaSync" -> awaitAsync(async.viaSync(argument), start, n, step);
            case "async.viaLegacy" -> awaitAsync(async.viaLegacy(argument), start, n, step);
            case "async.failThenBlock" -> awaitAsync(async.failThenBlock(argument), start, n, step);
            case "async.blockThenPending" -> {
                CompletableFuture<String> future = async.blockThenPending(argument);
                String outcome = future.handle((value, error) -> error == null ? value : error.getClass().getSimpleName()).get();
                yield outcome + ", second attempt's future cancelled=" + AsyncClient.lastTracked.isCancelled();
            }
            case "async.fetchHandled" -> awaitAsync(async.fetch(argument).handle((value, error) -> error == null ? value
                    : "failed with " + error.getClass().getName()
                            + (error.getCause() == null ? "" : " caused by " + error.getCause().getClass().getName())), start, n, step);
            default -> throw new IllegalArgumentException("unknown step " + action + ":" + argument);
        };
    }

    /**
     * Until the first attempt of an {@code async.fetch} has its response (audit: a fixed sleep could
     * end before a cold JVM's first request did), then 100 ms for the agent to have taken its failure,
     * well within the 500 ms backoff of the tests that use it.
     */
    private static void awaitFirstAttempt(int fetchedBefore) throws InterruptedException {
        long giveUp = System.nanoTime() + 20_000_000_000L;
        while (AsyncClient.FETCHED.get() == fetchedBefore && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
    }

    /** Prints when the future came back to the caller, then waits for its value. */
    private static Object awaitAsync(CompletableFuture<String> future, long start, int n, String step) throws Exception {
        System.out.println("RETURNED " + n + " " + step + " " + Scenario.millis(start));
        return future.get();
    }
}
