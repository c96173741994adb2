package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/** The one endpoint of each service a job calls, with its healthy answer and whether the IT policy retries it. */
enum ServiceEndpoint {
    WHISPER("whisper", "/inference", true),
    OLLAMA("ollama", "/api/generate", true),
    SUPABASE("supabase", "/rest/v1/transcripts", true),
    STORAGE("storage", "/storage/v1/object/transcripts/.*", false); // rule storage-upload: retry off

    final String service;
    final String path;
    final boolean retried;

    ServiceEndpoint(String service, String path, boolean retried) {
        this.service = service;
        this.path = path;
        this.retried = retried;
    }

    MappingBuilder stub() {
        return stub("");
    }

    RequestPatternBuilder requests() {
        return requests("");
    }

    /**
     * The endpoint under a base path ({@code "/agent/whisper/http_503"}: letters, digits, {@code _ - /}),
     * so that several cases share one WireMock server with their own stubs and request counts.
     */
    MappingBuilder stub(String basePath) {
        return post(path.contains(".*") ? urlPathMatching(basePath + path) : urlPathEqualTo(basePath + path));
    }

    RequestPatternBuilder requests(String basePath) {
        return postRequestedFor(path.contains(".*") ? urlPathMatching(basePath + path) : urlPathEqualTo(basePath + path));
    }

    ResponseDefinitionBuilder healthy() {
        return switch (this) {
            case WHISPER -> okJson("{\"text\":\"hello world\"}");
            case OLLAMA -> okJson("{\"model\":\"llama3\",\"response\":\"A greeting.\",\"done\":true}");
            case SUPABASE -> aResponse().withStatus(201);
            case STORAGE -> okJson("{\"Key\":\"transcripts/job-001.txt\"}");
        };
    }
}
