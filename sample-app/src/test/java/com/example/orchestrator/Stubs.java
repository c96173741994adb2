package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/** Happy-path answers of the four services, in their real wire formats. */
final class Stubs {
    private Stubs() {}

    static void allHealthy(WireMockExtension wm) {
        wm.stubFor(post(urlPathEqualTo("/inference")).willReturn(okJson("{\"text\": \" hello world \"}")));
        wm.stubFor(post(urlPathEqualTo("/api/generate"))
                .willReturn(okJson("{\"model\":\"llama3\",\"response\":\"A greeting.\",\"done\":true}")));
        wm.stubFor(post(urlPathMatching("/rest/v1/.*")).willReturn(aResponse().withStatus(201)));
        wm.stubFor(post(urlPathMatching("/storage/v1/object/.*"))
                .willReturn(okJson("{\"Key\":\"transcripts/x.txt\"}")));
    }
}
