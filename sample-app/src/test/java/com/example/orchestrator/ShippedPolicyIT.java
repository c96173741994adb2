package com.example.orchestrator;

import com.example.orchestrator.demo.BreakerLog;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production policy as shipped, {@code policies/sample-app.yaml}, at run time (the fault matrix
 * runs test policies of its shape with shorter durations): a transient failure is retried, and a
 * 4xx, which fails the same way every time, is neither retried nor allowed to open a breaker.
 */
class ShippedPolicyIT {
    private static final Path POLICY = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize()
            .resolve("policies/sample-app.yaml");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    static String base() {
        return "http://127.0.0.1:" + wm.getPort();
    }

    @BeforeEach
    void healthyExceptOllama() {
        wm.resetAll();
        ForkedApp.stubWarmUp(wm);
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            if (e != ServiceEndpoint.OLLAMA) wm.stubFor(e.stub().willReturn(e.healthy()));
        }
    }

    int ollamaRequests() {
        return wm.countRequestsMatching(ServiceEndpoint.OLLAMA.requests().build()).getCount();
    }

    @Test
    void aTransientFailureIsRetriedAfterTheRulesBackoff() throws Exception {
        ForkedApp.assumeAgentJar();
        wm.stubFor(ServiceEndpoint.OLLAMA.stub().inScenario("ollama").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wm.stubFor(ServiceEndpoint.OLLAMA.stub().inScenario("ollama").whenScenarioStateIs("up")
                .willReturn(ServiceEndpoint.OLLAMA.healthy()));

        ForkedApp.Result run = ForkedApp.run(POLICY, base(), "--jobs", "1", "--concurrency", "1");

        assertThat(run.data().jobs()).as(String.join("\n", run.stderr())).allMatch(JobResult::completed);
        assertThat(ollamaRequests()).isEqualTo(2);
        assertThat(run.data().callsOf("ollama").get(0).durationMs()).as("the rule's 2 s backoff, jitter 0.2").isGreaterThan(1500);
    }

    @Test
    void aClientErrorIsNotRetriedAndOpensNoBreaker() throws Exception {
        ForkedApp.assumeAgentJar();
        wm.stubFor(ServiceEndpoint.OLLAMA.stub().willReturn(aResponse().withStatus(404).withBody("{\"error\":\"model not found\"}")));

        // six jobs: past the rule's failureThreshold of 5, were 4xx counted
        ForkedApp.Result run = ForkedApp.run(POLICY, base(), "--jobs", "6", "--concurrency", "1");

        assertThat(run.data().jobs()).hasSize(6).noneMatch(JobResult::completed);
        assertThat(ollamaRequests()).as("one request per job: never retried, never rejected").isEqualTo(6);
        assertThat(run.data().callsOf("ollama")).allSatisfy(call ->
                assertThat(call.exceptionType()).isEqualTo(ClientErrorException.class.getName()));
        assertThat(BreakerLog.parseAll(run.stderr())).isEmpty();
    }
}
