package com.example.orchestrator;

import com.example.orchestrator.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to an Ollama server (<a href="https://github.com/ollama/ollama/blob/main/docs/api.md">API</a>)
 * with {@code java.net.http.HttpClient}. Legacy code: no timeout, no retry, no breaker.
 *
 * <p>Thread-safe (the underlying HttpClient is).
 */
public class OllamaClient {
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public OllamaClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** {@code POST /api/generate} with {@code stream: false}; returns the {@code response} field. */
    public String generate(String model, String prompt) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("prompt", prompt);
        body.put("stream", false);
        Object text = post("/api/generate", body).get("response");
        if (!(text instanceof String s)) throw new IOException("ollama: no \"response\" in the answer");
        return s;
    }

    /** {@code POST /api/embeddings}; returns the {@code embedding} vector. */
    public double[] embed(String model, String text) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("prompt", text);
        Object embedding = post("/api/embeddings", body).get("embedding");
        if (!(embedding instanceof List<?> values)) throw new IOException("ollama: no \"embedding\" in the answer");
        double[] vector = new double[values.size()];
        for (int i = 0; i < vector.length; i++) {
            if (!(values.get(i) instanceof Number n)) throw new IOException("ollama: non-numeric embedding value");
            vector[i] = n.doubleValue();
        }
        return vector;
    }

    private Map<String, Object> post(String path, Map<String, Object> body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("ollama: interrupted while waiting for " + path);
        }
        if (response.statusCode() / 100 != 2) {
            throw HttpStatusException.of("ollama", response.statusCode(), response.body());
        }
        return Json.parseObject(response.body());
    }
}
