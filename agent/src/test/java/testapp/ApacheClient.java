package testapp;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;

import java.io.IOException;

/**
 * Apache HttpClient 5 with its default pool (5 connections per route): a response that nobody
 * closes keeps its connection, so dropped responses would soon block every later request. Its own
 * retry of 429/503 (once, by default) is switched off: the agent's policy retries instead.
 */
public class ApacheClient {
    private final String base;
    private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build();

    public ApacheClient(String base) {
        this.base = base;
    }

    @SuppressWarnings("deprecation")   // execute(request) returning the response is the classic style
    public CloseableHttpResponse get(String path) throws IOException {
        return client.execute(new HttpGet(base + path));
    }
}
