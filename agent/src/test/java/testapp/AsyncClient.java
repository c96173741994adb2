package testapp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Returns futures from java.net.http's sendAsync; non-2xx completes exceptionally with an IOException. */
public class AsyncClient {
    private final String base;
    // HTTP/1.1: keeps the exchanges simple to reason about (no h2c upgrade on the test server)
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public AsyncClient(String base) {
        this.base = base;
    }

    /** A future that is never completed: a request the client lost track of. */
    public CompletableFuture<String> pending(String path) {
        return new CompletableFuture<>();
    }

    /** The last future {@link #tracked} made, for a test to see whether it was cancelled. */
    public static volatile CompletableFuture<String> lastTracked;

    /** A future that is never completed, kept where a test can look at it. */
    public CompletableFuture<String> tracked(String path) {
        lastTracked = new CompletableFuture<>();
        return lastTracked;
    }

    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    /** The first call fails at once; later ones block for {@code millis} before returning a completed future. */
    public CompletableFuture<String> failThenBlock(String millis) throws InterruptedException {
        if (calls.incrementAndGet() == 1) {
            return CompletableFuture.failedFuture(new IOException("first attempt fails"));
        }
        Thread.sleep(Long.parseLong(millis));
        return CompletableFuture.completedFuture("late");
    }

    /** The first call blocks for {@code millis}, then returns a pending future; later ones return {@link #lastTracked}, pending. */
    public CompletableFuture<String> blockThenPending(String millis) throws InterruptedException {
        if (calls.incrementAndGet() == 1) {
            Thread.sleep(Long.parseLong(millis));
            return new CompletableFuture<>();
        }
        return tracked(millis);
    }

    /** The one future {@link #shared} hands every caller, as a memoised token fetch does. */
    public static volatile CompletableFuture<String> sharedFuture;

    /** One future for every caller, completed with "token" {@code millis} after the first call. */
    public synchronized CompletableFuture<String> shared(String millis) {
        if (sharedFuture == null) {
            sharedFuture = new CompletableFuture<>();
            sharedFuture.completeAsync(() -> "token",
                    CompletableFuture.delayedExecutor(Long.parseLong(millis), java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        return sharedFuture;
    }

    /** A future of the client's own class, as some libraries return (callers may rely on its type). */
    public static final class OwnFuture extends CompletableFuture<String> { }

    public CompletableFuture<String> ownFuture(String path) {
        OwnFuture future = new OwnFuture();
        future.complete("own");
        return future;
    }

    /** Declared to return a future type of its own, which the agent cannot hand back: protected as a synchronous call. */
    public OwnFuture declaredOwn(String path) {
        OwnFuture future = new OwnFuture();
        future.completeExceptionally(new IOException("the future fails, unseen by the agent"));
        return future;
    }

    /** Throws instead of returning a future. */
    public CompletableFuture<String> throwsNow(String path) {
        throw new IllegalArgumentException("bad path " + path);
    }

    /** No future at all: a method that returns null (its callers check for it). */
    public CompletableFuture<String> none(String path) {
        return null;
    }

    /** Blocks the caller for {@code millis} before it returns a future, already completed. */
    public CompletableFuture<String> blocking(String millis) throws InterruptedException {
        Thread.sleep(Long.parseLong(millis));
        return CompletableFuture.completedFuture("late");
    }

    /** Fetches with {@link #getSync}, a method of the same class, and wraps its outcome in a completed future. */
    public CompletableFuture<String> viaSync(String path) {
        try {
            return CompletableFuture.completedFuture(getSync(path));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public String getSync(String path) throws IOException {
        return Http.get(base, path);
    }

    /** Fetches with a {@link LegacyClient} (another rule's, in the tests), and wraps its outcome in a completed future. */
    public CompletableFuture<String> viaLegacy(String path) {
        try {
            return CompletableFuture.completedFuture(new LegacyClient(base).get(path));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #fetch}'s outcome as {@code minimalCompletionStage()}: a CompletableFuture whose cancel() and complete() throw. */
    public java.util.concurrent.CompletionStage<String> minimal(String path) {
        return fetch(path).minimalCompletionStage();
    }

    /** Calls of {@link #refusing}. */
    public static final java.util.concurrent.atomic.AtomicInteger REFUSING_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * {@link #fetch}'s outcome as a stage that refuses {@code toCompletableFuture()}, which the
     * CompletionStage interface allows (a library's own stage type).
     */
    @SuppressWarnings("unchecked")
    public java.util.concurrent.CompletionStage<String> refusing(String path) {
        REFUSING_CALLS.incrementAndGet();
        CompletableFuture<String> inner = fetch(path);
        return (java.util.concurrent.CompletionStage<String>) java.lang.reflect.Proxy.newProxyInstance(
                AsyncClient.class.getClassLoader(), new Class<?>[] {java.util.concurrent.CompletionStage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("toCompletableFuture")) {
                        throw new UnsupportedOperationException("this stage is no CompletableFuture");
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Responses {@link #fetch} has received, so a scenario can wait for an attempt to have ended. */
    public static final java.util.concurrent.atomic.AtomicInteger FETCHED = new java.util.concurrent.atomic.AtomicInteger();

    public CompletableFuture<String> fetch(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            FETCHED.incrementAndGet();
            if (response.statusCode() / 100 != 2) {
                throw new CompletionException(new IOException("HTTP " + response.statusCode() + " from " + path));
            }
            return response.body();
        });
    }
}
