package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SupabaseClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    SupabaseClient client() {
        return new SupabaseClient(wm.baseUrl(), "anon-key");
    }

    @Test
    void selectUsesPostgrestFilterSyntaxAndBothAuthHeaders() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/rest/v1/transcripts"))
                .willReturn(okJson("[{\"id\":\"job-1\",\"summary\":\"s\"}]")));

        var rows = client().select("transcripts", "id", "job 1");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("id", "job-1").containsEntry("summary", "s");
        wm.verify(getRequestedFor(urlEqualTo("/rest/v1/transcripts?select=*&id=eq.job+1"))
                .withHeader("apikey", equalTo("anon-key"))
                .withHeader("Authorization", equalTo("Bearer anon-key")));
    }

    @Test
    void insertPostsTheRowAsJsonAndAsksForAnUpsert() throws Exception {
        wm.stubFor(post("/rest/v1/transcripts").willReturn(aResponse().withStatus(201)));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "job-1");
        row.put("summary", "short");

        client().insert("transcripts", row);

        wm.verify(postRequestedFor(urlEqualTo("/rest/v1/transcripts"))
                .withHeader("apikey", equalTo("anon-key"))
                .withHeader("Authorization", equalTo("Bearer anon-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Prefer", containing("resolution=merge-duplicates"))
                .withRequestBody(equalToJson("{\"id\":\"job-1\",\"summary\":\"short\"}")));
    }

    @Test
    void statusesMapToTheirExceptionKinds() {
        wm.stubFor(post("/rest/v1/bad").willReturn(aResponse().withStatus(400).withBody("{\"message\":\"column x does not exist\"}")));
        wm.stubFor(post("/rest/v1/busy").willReturn(aResponse().withStatus(429)));
        wm.stubFor(post("/rest/v1/down").willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> client().insert("bad", Map.of())).isInstanceOf(ClientErrorException.class)
                .hasMessageContaining("400").hasMessageContaining("column x does not exist");
        assertThatThrownBy(() -> client().insert("busy", Map.of())).isInstanceOf(TooManyRequestsException.class)
                .isNotInstanceOf(ClientErrorException.class).hasMessageContaining("429");
        assertThatThrownBy(() -> client().insert("down", Map.of())).isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("500");
    }
}
