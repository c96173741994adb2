package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orchestrator.demo.BreakerLog;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whisper down hard: the breaker (policies/it.yaml: 3 attempts, opens after 3 consecutive
 * failures, 1.5 s open, 1 s timeout) must stop the calls from reaching the server.
 */
class BreakerIT {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    static String base() {
        return "http://127.0.0.1:" + wm.getPort();
    }

    @BeforeEach
    void healthyExceptWhisper() {
        wm.resetAll();
        ForkedApp.stubWarmUp(wm);
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            if (e != ServiceEndpoint.WHISPER) wm.stubFor(e.stub().willReturn(e.healthy()));
        }
    }

    int whisperRequests() {
        return wm.countRequestsMatching(ServiceEndpoint.WHISPER.requests().build()).getCount();
    }

    @Test
    void withoutTheAgentEveryJobHitsTheDeadService() throws Exception {
        wm.stubFor(ServiceEndpoint.WHISPER.stub().willReturn(aResponse().withStatus(503)));

        ForkedApp.Result run = ForkedApp.run(null, base(), "--jobs", "6", "--concurrency", "1");

        assertThat(run.data().agent()).isFalse();
        assertThat(run.data().jobs()).hasSize(6).noneMatch(JobResult::completed);
        assertThat(whisperRequests()).isEqualTo(6);
    }

    @Test
    void aHardOutageOpensTheBreakerAndLaterCallsFailFastWithoutReachingTheServer() throws Exception {
        ForkedApp.assumeAgentJar();
        wm.stubFor(ServiceEndpoint.WHISPER.stub().willReturn(aResponse().withStatus(503)));

        ForkedApp.Result run = ForkedApp.run(ForkedApp.policy("it.yaml"), base(), "--jobs", "6", "--concurrency", "1");

        assertThat(whisperRequests()).as("job 1's three attempts, then nothing").isEqualTo(3);
        List<CallRecord> calls = run.data().callsOf("whisper");
        assertThat(calls).hasSize(6);
        assertThat(calls.get(0).exceptionType()).isEqualTo(ServerErrorException.class.getName());
        assertThat(calls.get(0).suppressed()).as("earlier attempts attached as suppressed").isEqualTo(2);
        for (CallRecord rejected : calls.subList(1, 6)) {
            assertThat(rejected.exceptionTypes()).contains("java.io.IOException").doesNotContain(HttpStatusException.class.getName());
            assertThat(rejected.message()).contains("whisper");
            assertThat(rejected.durationMs()).as("well under the 1 s timeout").isLessThan(250);
        }
        assertThat(run.data().jobs()).noneMatch(JobResult::completed);
        assertThat(BreakerLog.parseAll(run.stderr())).extracting(t -> t.rule() + " " + t.from() + "->" + t.to())
                .containsExactly("whisper CLOSED->OPEN");
    }

    @Test
    void afterTheOpenDurationATrialCallClosesTheBreakerAgain() throws Exception {
        ForkedApp.assumeAgentJar();
        // down for exactly the first job's three attempts, healthy afterwards
        for (int i = 0; i < 3; i++) {
            wm.stubFor(ServiceEndpoint.WHISPER.stub().inScenario("whisper").whenScenarioStateIs(i == 0 ? STARTED : "down-" + i)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo(i == 2 ? "up" : "down-" + (i + 1)));
        }
        wm.stubFor(ServiceEndpoint.WHISPER.stub().inScenario("whisper").whenScenarioStateIs("up")
                .willReturn(ServiceEndpoint.WHISPER.healthy()));

        // job 1 at 0 s opens the breaker (open for 3 s); job 2 at 2 s is rejected; job 3 at 4 s is the trial
        ForkedApp.Result run = ForkedApp.run(ForkedApp.policy("it-recovery.yaml"), base(),
                "--jobs", "3", "--concurrency", "1", "--interval", "2000");

        assertThat(run.data().jobs()).extracting(JobResult::status)
                .containsExactly(JobResult.Status.FAILED, JobResult.Status.FAILED, JobResult.Status.COMPLETED);
        assertThat(whisperRequests()).as("3 failed attempts + the trial; the rejected call never arrives").isEqualTo(4);
        assertThat(BreakerLog.parseAll(run.stderr())).extracting(t -> t.from() + "->" + t.to())
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }
}
