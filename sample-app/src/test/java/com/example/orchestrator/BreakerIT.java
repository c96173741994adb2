package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orchestrator.demo.BreakerLog;
import com.example.orchestrator.demo.CallOutcome;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A service down hard (each of the four in turn): its breaker (policies/it.yaml: 3 attempts, opens
 * after 3 consecutive failures, 1.5 s open, 1 s timeout) must stop the calls from reaching the
 * server; after its open time a trial call closes it again (Whisper, policies/it-recovery.yaml).
 *
 * <p>Timing margins, all at least 0.5 s whatever the machine's load, are given case by case.
 */
class BreakerIT {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    /** Half the IT policy's 1 s timeout: a rejected call takes about a millisecond. */
    static final int FAST_MS = 500;

    static String base() {
        return "http://127.0.0.1:" + wm.getPort();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        ForkedApp.stubWarmUp(wm);
    }

    /** Every service healthy but {@code down}, whose stubs the test adds. */
    static void healthyExcept(ServiceEndpoint down) {
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            if (e != down) wm.stubFor(e.stub().willReturn(e.healthy()));
        }
    }

    static int requests(ServiceEndpoint endpoint) {
        return wm.countRequestsMatching(endpoint.requests().build()).getCount();
    }

    int whisperRequests() {
        return requests(ServiceEndpoint.WHISPER);
    }

    @Test
    void withoutTheAgentEveryJobHitsTheDeadService() throws Exception {
        healthyExcept(ServiceEndpoint.WHISPER);
        wm.stubFor(ServiceEndpoint.WHISPER.stub().willReturn(aResponse().withStatus(503)));
        String base = base();
        Orchestrator orchestrator = new Orchestrator(new WhisperClient(base), new OllamaClient(base),
                new SupabaseClient(base, "k"), new StorageClient(base, "k"), "llama3", new CallLog());

        // in this JVM: without the agent there is nothing to instrument, so nothing to fork
        List<JobResult> jobs = new JobRunner(1, Duration.ZERO, Duration.ofSeconds(30))
                .run(Main.syntheticJobs(6), orchestrator::process, r -> {});

        assertThat(jobs).hasSize(6).noneMatch(JobResult::completed);
        assertThat(whisperRequests()).isEqualTo(6);
    }

    /**
     * Each adapter's service down hard, with its own rule and breaker (3 consecutive failures). The
     * retried services fail job 1's three attempts and the breaker opens on the third; uploads are
     * never retried (rule storage-upload), so jobs 1-3 each fail once before it opens. Either way the
     * service sees exactly 3 requests, and the later jobs' calls are refused by the agent's
     * CircuitOpenIOException, at once. Jobs 2-6 take a few ms each: well inside the 1.5 s open time,
     * more than 1 s of margin.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(ServiceEndpoint.class)
    void aHardOutageOpensTheBreakerAndLaterCallsFailFastWithoutReachingTheServer(ServiceEndpoint down) throws Exception {
        ForkedApp.assumeAgentJar();
        healthyExcept(down);
        wm.stubFor(down.stub().willReturn(aResponse().withStatus(503)));

        ForkedApp.Result run = ForkedApp.run(ForkedApp.policy("it.yaml"), base(), "--jobs", "6", "--concurrency", "1");

        assertThat(requests(down)).as("three failures, then nothing").isEqualTo(3);
        List<CallRecord> calls = run.data().callsOf(down.service);
        assertThat(calls).hasSize(6);
        int failedAtTheService = down.retried ? 1 : 3;
        for (CallRecord failed : calls.subList(0, failedAtTheService)) {
            assertThat(failed.exceptionType()).isEqualTo(ServerErrorException.class.getName());
            assertThat(failed.suppressed()).as("earlier attempts attached as suppressed").isEqualTo(down.retried ? 2 : 0);
        }
        String rule = down == ServiceEndpoint.STORAGE ? "storage-upload" : down.service;
        for (CallRecord rejected : calls.subList(failedAtTheService, 6)) {
            assertThat(rejected.exceptionType()).isEqualTo("dev.resilience.agent.api.CircuitOpenIOException");
            assertThat(rejected.exceptionTypes()).contains("java.io.IOException");
            assertThat(rejected.message()).contains("rule '" + rule + "'").contains("circuit breaker is OPEN");
            assertThat(rejected.durationMs()).as("well under the 1 s timeout").isLessThan(FAST_MS);
        }
        assertThat(run.data().jobs()).noneMatch(JobResult::completed);
        assertThat(BreakerLog.parseAll(run.stderr())).extracting(t -> t.rule() + " " + t.from() + "->" + t.to())
                .containsExactly(rule + " CLOSED->OPEN");
    }

    @Test
    void afterTheOpenDurationATrialCallClosesTheBreakerAgain() throws Exception {
        ForkedApp.assumeAgentJar();
        healthyExcept(ServiceEndpoint.WHISPER);
        // down for exactly the first job's three attempts, healthy afterwards
        for (int i = 0; i < 3; i++) {
            wm.stubFor(ServiceEndpoint.WHISPER.stub().inScenario("whisper").whenScenarioStateIs(i == 0 ? STARTED : "down-" + i)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo(i == 2 ? "up" : "down-" + (i + 1)));
        }
        wm.stubFor(ServiceEndpoint.WHISPER.stub().inScenario("whisper").whenScenarioStateIs("up")
                .willReturn(ServiceEndpoint.WHISPER.healthy()));

        // Which job is the trial depends on when job 1's attempts end (t1), so the expectations are
        // about the sequence, not about job numbers. Margins (open time 2 s, it-recovery.yaml):
        // - job 2 starts at max(t1, 0.4 s), at most 0.4 s after the breaker opened: 1.6 s before
        //   it may let a trial through, so at least one job is rejected;
        // - the last job starts at 15 x 0.4 = 6.0 s, so a job comes after the open time as long as
        //   t1 < 3.5 s: 0.5 s of margin for three immediate 503s in a warmed-up JVM (no timeout
        //   in it-recovery.yaml: an attempt timed out before reaching WireMock would shift the
        //   scripted 503s).
        ForkedApp.Result run = ForkedApp.run(ForkedApp.policy("it-recovery.yaml"), base(),
                "--jobs", "16", "--concurrency", "1", "--interval", "400");

        List<JobResult> jobs = run.data().jobs();
        List<CallRecord> calls = run.data().callsOf("whisper");
        assertThat(calls).hasSize(16);
        CallRecord first = calls.get(0);
        assertThat(first.exceptionType()).as("job 1: the adapter's own failure").isEqualTo(ServerErrorException.class.getName());
        assertThat(first.suppressed()).isEqualTo(2);
        int rejected = 0;
        while (1 + rejected < calls.size() && CallOutcome.of(calls.get(1 + rejected)) == CallOutcome.REJECTED) rejected++;
        assertThat(rejected).as("jobs meeting the open circuit").isPositive();
        List<CallRecord> after = calls.subList(1 + rejected, calls.size());
        assertThat(after).as("from the trial on, every call succeeds").isNotEmpty().allMatch(CallRecord::ok);
        assertThat(jobs.subList(0, 1 + rejected)).noneMatch(JobResult::completed);
        assertThat(jobs.subList(1 + rejected, jobs.size())).allMatch(JobResult::completed);

        for (CallRecord r : calls.subList(1, 1 + rejected)) {
            assertThat(r.durationMs()).as("rejected at once").isLessThan(FAST_MS);
        }
        // WireMock logs a request when it arrives: the 3rd before its answer opened the breaker, the
        // trial after the breaker let it through, so this holds by cause and effect, not by timing
        List<Long> arrivals = wm.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(ServiceEndpoint.WHISPER.path))
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(arrivals.get(3) - arrivals.get(2)).as("no trial before the 2 s open time has passed").isGreaterThanOrEqualTo(2000);
        assertThat(whisperRequests()).as("3 failed attempts + the trial + the calls after it; rejected calls never arrive")
                .isEqualTo(3 + after.size());
        assertThat(BreakerLog.parseAll(run.stderr())).extracting(t -> t.from() + "->" + t.to())
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }
}
