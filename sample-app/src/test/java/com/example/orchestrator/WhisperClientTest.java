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

class WhisperClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void postsTheAudioAsMultipartFileAndReturnsTheTrimmedText() throws Exception {
        wm.stubFor(post("/inference").willReturn(okJson("{\"text\":\"  Bonjour tout le monde.\\n\"}")));
        byte[] audio = {'R', 'I', 'F', 'F', 0, 1, 2, (byte) 0xff};

        String text = new WhisperClient(wm.baseUrl()).transcribe(audio, "a.wav");

        assertThat(text).isEqualTo("Bonjour tout le monde.");
        wm.verify(postRequestedFor(urlEqualTo("/inference"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withAnyRequestBodyPart(aMultipart().withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"a.wav\""))
                        .withBody(binaryEqualTo(audio)))
                .withAnyRequestBodyPart(aMultipart().withName("response_format").withBody(equalTo("json"))));
    }

    @Test
    void connectionResetSurfacesAsIOException() {
        wm.stubFor(post("/inference").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> new WhisperClient(wm.baseUrl()).transcribe(new byte[4], "a.wav"))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpStatusException.class);
    }
}
