package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orchestrator.demo.BreakerLog;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One case per adapter and fault, with the agent (forked JVM, policies/it.yaml) and without it
 * (the same job in this JVM). The agent semantics these expectations encode are the policy
 * contract's: maxAttempts counts the first attempt, IOException is retried by default, uploads are
 * not retried (rule storage-upload), a timeout reaches an IOException-declaring method's caller as
 * a SocketTimeoutException subclass naming the rule.
 */
class FaultMatrixIT {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            for (FaultKind f : FaultKind.values()) all.add(Arguments.of(e, f));
        }
        return all.stream();
    }

    static String base() {
        return "http://127.0.0.1:" + wm.getPort();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    /** Healthy stubs for every endpoint but {@code faulty}, which serves the fault then recovers. */
    static void script(ServiceEndpoint faulty, FaultKind fault) {
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            if (e != faulty) wm.stubFor(e.stub().willReturn(e.healthy()));
        }
        for (int i = 0; i < fault.faultyRequests; i++) {
            String state = i == 0 ? STARTED : "fault-" + i;
            String next = i == fault.faultyRequests - 1 ? "recovered" : "fault-" + (i + 1);
            wm.stubFor(faulty.stub().inScenario("outage").whenScenarioStateIs(state)
                    .willReturn(fault.response(faulty)).willSetStateTo(next));
        }
        wm.stubFor(faulty.stub().inScenario("outage").whenScenarioStateIs("recovered").willReturn(faulty.healthy()));
    }

    @ParameterizedTest(name = "{0} {1}, no agent")
    @MethodSource("cases")
    void withoutTheAgentTheFaultReachesTheJob(ServiceEndpoint endpoint, FaultKind fault) {
        script(endpoint, fault);
        CallLog calls = new CallLog();
        String base = base();
        Orchestrator orchestrator = new Orchestrator(new WhisperClient(base), new OllamaClient(base),
                new SupabaseClient(base, "k"), new StorageClient(base, "k"), "llama3", calls);

        JobResult job = orchestrator.process(Main.syntheticJobs(1).get(0));

        CallRecord call = callTo(calls.records(), endpoint);
        int requests = wm.countRequestsMatching(endpoint.requests().build()).getCount();
        if (fault.answersEventually()) {
            assertThat(job.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(call.durationMs()).as("the caller waited for the slow answer").isGreaterThanOrEqualTo(FaultKind.DELAY_MS - 50);
        } else {
            assertThat(job.status()).isEqualTo(JobResult.Status.FAILED);
            assertThat(job.reason()).startsWith(endpoint.service + ".");
            assertThat(call.exceptionType()).isEqualTo(fault.adapterException(endpoint));
        }
        assertThat(requests).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}, with agent")
    @MethodSource("cases")
    void withTheAgentThePolicyDecides(ServiceEndpoint endpoint, FaultKind fault) throws Exception {
        ForkedApp.assumeAgentJar();
        script(endpoint, fault);

        ForkedApp.Result run = ForkedApp.run(ForkedApp.policy("it.yaml"), base(), "--jobs", "1", "--concurrency", "1");

        assertThat(run.data().agent()).isTrue();
        JobResult job = run.data().jobs().get(0);
        CallRecord call = callTo(run.data().calls(), endpoint);
        int requests = wm.countRequestsMatching(endpoint.requests().build()).getCount();
        if (endpoint.retried) {
            assertThat(requests).as("requests = faulty ones + the one that succeeds").isEqualTo(fault.faultyRequests + 1);
            assertThat(job.status()).as(job.reason()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(call.ok()).isTrue();
            if (fault == FaultKind.DELAY_PAST_TIMEOUT) {
                assertThat(call.durationMs()).as("answered before the slow answer would have come").isLessThan(FaultKind.DELAY_MS - 500);
            }
        } else {
            assertThat(requests).as("uploads are never retried").isEqualTo(1);
            assertThat(job.status()).isEqualTo(JobResult.Status.FAILED);
            if (fault == FaultKind.DELAY_PAST_TIMEOUT) {
                assertThat(call.exceptionTypes()).contains("java.net.SocketTimeoutException");
                assertThat(call.message()).contains("storage-upload");
                assertThat(call.durationMs()).as("caller regains control at the timeout").isLessThan(FaultKind.DELAY_MS - 500);
            } else {
                assertThat(call.exceptionType()).as("the adapter's own exception, unchanged").isEqualTo(fault.adapterException(endpoint));
                assertThat(call.suppressed()).isZero();
            }
        }
        assertThat(BreakerLog.parseAll(run.stderr())).as("breaker stays closed").noneMatch(BreakerLog.Transition::opened);
    }

    static CallRecord callTo(List<CallRecord> calls, ServiceEndpoint endpoint) {
        return calls.stream().filter(c -> c.service().equals(endpoint.service)).findFirst()
                .orElseThrow(() -> new AssertionError("no call to " + endpoint.service + " in " + calls));
    }
}
