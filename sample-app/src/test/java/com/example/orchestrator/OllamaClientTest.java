package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OllamaClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    OllamaClient client() {
        return new OllamaClient(wm.baseUrl() + "/");
    }

    @Test
    void generatePostsModelPromptAndNoStreamingAndReturnsTheResponseField() throws Exception {
        wm.stubFor(post("/api/generate").willReturn(okJson(
                "{\"model\":\"llama3\",\"created_at\":\"2024-01-01T00:00:00Z\",\"response\":\"Short summary.\",\"done\":true}")));

        assertThat(client().generate("llama3", "Summarise: hi")).isEqualTo("Short summary.");

        wm.verify(1, postRequestedFor(urlEqualTo("/api/generate"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"model\":\"llama3\",\"prompt\":\"Summarise: hi\",\"stream\":false}")));
    }

    @Test
    void embedPostsToEmbeddingsAndReturnsTheVector() throws Exception {
        wm.stubFor(post("/api/embeddings").willReturn(okJson("{\"embedding\":[0.5,-1,2.25]}")));

        assertThat(client().embed("nomic-embed-text", "some text")).containsExactly(0.5, -1.0, 2.25);

        wm.verify(postRequestedFor(urlEqualTo("/api/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"nomic-embed-text\",\"prompt\":\"some text\"}")));
    }

    @Test
    void serverErrorBecomesAnIOExceptionNamingTheStatus() {
        wm.stubFor(post("/api/generate").willReturn(aResponse().withStatus(503).withBody("model is loading")));

        assertThatThrownBy(() -> client().generate("llama3", "x"))
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("503").hasMessageContaining("model is loading")
                .satisfies(e -> assertThat(((HttpStatusException) e).status()).isEqualTo(503));
    }

    @Test
    void answerWithoutResponseFieldIsAnIOException() {
        wm.stubFor(post("/api/generate").willReturn(okJson("{\"error\":\"oops\"}")));

        assertThatThrownBy(() -> client().generate("llama3", "x")).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("no \"response\"");
    }
}
