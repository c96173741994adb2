package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StorageClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    BlobStore store() {
        return new StorageClient(wm.baseUrl(), "service-key");
    }

    @Test
    void uploadPostsTheBytesToTheObjectPathAndReturnsTheKey() throws Exception {
        wm.stubFor(post("/storage/v1/object/transcripts/job-1.txt").willReturn(okJson("{\"Key\":\"transcripts/job-1.txt\"}")));

        assertThat(store().upload("transcripts", "job-1.txt", "hello".getBytes())).isEqualTo("transcripts/job-1.txt");

        wm.verify(postRequestedFor(urlEqualTo("/storage/v1/object/transcripts/job-1.txt"))
                .withHeader("Authorization", equalTo("Bearer service-key"))
                .withHeader("apikey", equalTo("service-key"))
                .withHeader("Content-Type", equalTo("application/octet-stream"))
                .withRequestBody(binaryEqualTo("hello".getBytes())));
    }

    @Test
    void downloadGetsTheBytes() throws Exception {
        wm.stubFor(get("/storage/v1/object/transcripts/job-1.txt").willReturn(aResponse().withBody(new byte[] {1, 2, 3})));

        assertThat(store().download("transcripts", "job-1.txt")).containsExactly(1, 2, 3);
    }

    @Test
    void errorStatusCarriesTheServiceMessage() {
        wm.stubFor(post(urlPathMatching("/storage/.*")).willReturn(aResponse().withStatus(409)
                .withBody("{\"statusCode\":\"409\",\"error\":\"Duplicate\",\"message\":\"The resource already exists\"}")));

        assertThatThrownBy(() -> store().upload("transcripts", "job-1.txt", new byte[1]))
                .isInstanceOf(ClientErrorException.class).hasMessageContaining("409").hasMessageContaining("already exists");
    }

    @Test
    void notFoundIsAClientError() {
        wm.stubFor(get(urlPathMatching("/storage/.*")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> store().download("b", "missing")).isInstanceOf(ClientErrorException.class)
                .hasMessageContaining("404");
    }

    @Test
    void truncatedAnswerSurfacesAsIOException() {
        wm.stubFor(post(urlPathMatching("/storage/.*")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertThatThrownBy(() -> store().upload("b", "p", new byte[1])).isInstanceOf(IOException.class);
    }

    @Test
    void anUploadIsSentOnceEvenWhenTheConnectionIsReset() {
        wm.stubFor(post(urlPathMatching("/storage/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> store().upload("b", "p", new byte[1])).isInstanceOf(IOException.class);
        wm.verify(1, postRequestedFor(urlPathMatching("/storage/.*")));
    }

    @Test
    void anUploadIsSentOnceWhenTheServerClosesWithoutAnswer() {
        wm.stubFor(post(urlPathMatching("/storage/.*")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> store().upload("b", "p", new byte[1])).isInstanceOf(IOException.class);
        wm.verify(1, postRequestedFor(urlPathMatching("/storage/.*")));
    }
}
