package dev.resilience.agent.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock server on 127.0.0.1 per test, and the request counts the assertions read. */
abstract class WireMockSupport {
    WireMockServer wireMock;

    @BeforeEach
    void startWireMock() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
        wireMock.start();
    }

    @AfterEach
    void stopWireMock() {
        wireMock.stop();
    }

    String base() {
        return "http://127.0.0.1:" + wireMock.port();
    }

    int requests(String path) {
        return wireMock.findAll(getRequestedFor(urlEqualTo(path))).size();
    }

    void stub(String path, ResponseDefinitionBuilder response) {
        wireMock.stubFor(get(urlEqualTo(path)).willReturn(response));
    }

    /** The path answers each response in turn, then keeps answering the last one. */
    void sequence(String path, ResponseDefinitionBuilder... responses) {
        String scenario = "seq" + path;
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder mapping = get(urlEqualTo(path)).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "state" + i);
            if (i < responses.length - 1) {
                mapping = mapping.willSetStateTo("state" + (i + 1));
            }
            wireMock.stubFor(mapping.willReturn(responses[i]));
        }
    }

    static ResponseDefinitionBuilder status(int code) {
        return aResponse().withStatus(code).withBody("status " + code);
    }
}
