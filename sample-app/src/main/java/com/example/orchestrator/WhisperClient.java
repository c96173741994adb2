package com.example.orchestrator;

import com.example.orchestrator.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Speech to text through a whisper.cpp server ({@code POST /inference}, multipart form with the
 * audio in {@code file}, JSON answer {@code {"text": ...}}). Legacy code: no timeout, no retry.
 *
 * <p>Thread-safe.
 */
public class WhisperClient {
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public WhisperClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Transcribes {@code audio} (the file's bytes, e.g. a WAV); returns the text, trimmed. */
    public String transcribe(byte[] audio, String fileName) throws IOException {
        String boundary = "----orchestrator" + UUID.randomUUID().toString().replace("-", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/inference"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, audio, fileName)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("whisper: interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw HttpStatusException.of("whisper", response.statusCode(), response.body());
        }
        Object text = Json.parseObject(response.body()).get("text");
        if (!(text instanceof String s)) throw new IOException("whisper: no \"text\" in the answer");
        return s.strip();
    }

    private static byte[] multipart(String boundary, byte[] audio, String fileName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(audio.length + 512);
        field(out, boundary, "response_format", "json");
        field(out, boundary, "temperature", "0.0");
        write(out, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName.replace("\"", "") + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        out.writeBytes(audio);
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
