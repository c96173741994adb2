package testapp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A java.net.http client (blocking send, which honours interrupts). */
public class JdkClient {
    private final String base;
    private final HttpClient client = HttpClient.newHttpClient();

    public JdkClient(String base) {
        this.base = base;
    }

    /** The response as is: the caller handles the status itself. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The response as is, asynchronously ({@code sendAsync}). */
    public java.util.concurrent.CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body, with the thread it was read on and the caller's RequestContext as that thread sees it. */
    public String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " from " + path);
        }
        return response.body() + " ctx=" + RequestContext.get() + " thread=" + Thread.currentThread().getName();
    }
}
