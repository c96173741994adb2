package com.example.orchestrator;

import com.example.orchestrator.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes Supabase tables through PostgREST ({@code /rest/v1}). Legacy code: no timeout,
 * no retry, no breaker.
 *
 * <p>Thread-safe.
 */
public class SupabaseClient {
    private final String baseUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public SupabaseClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    /** {@code GET /rest/v1/{table}?select=*&{column}=eq.{value}}: the matching rows. */
    public List<Map<String, Object>> select(String table, String column, String value) throws IOException {
        String query = "select=*&" + encode(column) + "=eq." + encode(value);
        HttpRequest request = authorised(URI.create(baseUrl + "/rest/v1/" + encode(table) + "?" + query))
                .header("Accept", "application/json")
                .GET()
                .build();
        Object rows = Json.parse(send(request));
        if (!(rows instanceof List<?> list)) throw new IOException("supabase: expected a JSON array of rows");
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object row : list) {
            if (!(row instanceof Map)) throw new IOException("supabase: a row is not a JSON object");
            @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) row;
            result.add(map);
        }
        return result;
    }

    /**
     * {@code POST /rest/v1/{table}} with one row. Sent as an upsert on the primary key
     * ({@code Prefer: resolution=merge-duplicates}), so inserting the same row twice leaves one row.
     */
    public void insert(String table, Map<String, Object> row) throws IOException {
        HttpRequest request = authorised(URI.create(baseUrl + "/rest/v1/" + encode(table)))
                .header("Content-Type", "application/json")
                .header("Prefer", "return=minimal,resolution=merge-duplicates")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(row)))
                .build();
        send(request);
    }

    private HttpRequest.Builder authorised(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("apikey", apiKey)
                .header("Authorization", "Bearer " + apiKey);
    }

    private String send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("supabase: interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw HttpStatusException.of("supabase", response.statusCode(), response.body());
        }
        return response.body();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
