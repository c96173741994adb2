package com.example.orchestrator;

import com.example.orchestrator.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Supabase Storage ({@code /storage/v1/object/{bucket}/{path}}), written the old way with
 * {@link HttpURLConnection}. No connect or read timeout is set, so a server that stops answering
 * blocks the calling thread in a socket read, and such reads ignore {@link Thread#interrupt()}.
 *
 * <p>Upload is a plain POST (no {@code x-upsert}): storing the same path twice is refused by the
 * service, so blindly sending an upload again is not safe.
 *
 * <p>Thread-safe (every call opens its own connection).
 */
public class StorageClient implements BlobStore {
    private final String baseUrl;
    private final String apiKey;

    public StorageClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    @Override
    public String upload(String bucket, String path, byte[] data) throws IOException {
        HttpURLConnection conn = open(bucket, path);
        conn.setRequestMethod("POST");
        conn.setDoOutput(true);
        conn.setRequestProperty("Content-Type", "application/octet-stream");
        // Streamed, not buffered: besides sparing memory for large files, this stops
        // HttpURLConnection from silently sending a buffered POST a second time when the
        // connection is reset or closed before the answer (sun.net.http.retryPost, on by
        // default) - an upload must not be repeated behind the caller's back.
        conn.setFixedLengthStreamingMode(data.length);
        OutputStream out = conn.getOutputStream();
        out.write(data);
        out.close();
        byte[] answer = readAnswer(conn);
        Object key = Json.parseObject(new String(answer, StandardCharsets.UTF_8)).get("Key");
        return key instanceof String s ? s : bucket + "/" + path;
    }

    @Override
    public byte[] download(String bucket, String path) throws IOException {
        HttpURLConnection conn = open(bucket, path);
        conn.setRequestMethod("GET");
        return readAnswer(conn);
    }

    private HttpURLConnection open(String bucket, String path) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) new URL(baseUrl + "/storage/v1/object/" + bucket + "/" + path).openConnection();
        conn.setRequestProperty("Authorization", "Bearer " + apiKey);
        conn.setRequestProperty("apikey", apiKey);
        return conn;
    }

    private static byte[] readAnswer(HttpURLConnection conn) throws IOException {
        int status = conn.getResponseCode();
        if (status / 100 != 2) {
            InputStream err = conn.getErrorStream();
            String body = err == null ? "" : new String(readAll(err), StandardCharsets.UTF_8);
            throw HttpStatusException.of("storage", status, body);
        }
        try (InputStream in = conn.getInputStream()) {
            return readAll(in);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) != -1; ) buf.write(chunk, 0, n);
        return buf.toByteArray();
    }
}
