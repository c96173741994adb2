package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orchestrator.demo.BreakerLog;
import com.example.orchestrator.demo.RunData;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per adapter and fault, with the agent (forked JVM, policies/it.yaml) and without it
 * (the same job in this JVM: nothing to instrument, so nothing to fork). The agent semantics these
 * expectations encode are the policy contract's: maxAttempts counts the first attempt, IOException
 * is retried by default, uploads are not retried (rule storage-upload), a timeout reaches an
 * IOException-declaring method's caller as a SocketTimeoutException subclass naming the rule.
 *
 * <p>Speed without weaker checks: every case has its own base path on one WireMock server
 * ({@code /agent/whisper/http_503/inference}, ...), hence its own stubs, scenario and exact request
 * count, so nothing is reset between cases. The agent cases run in one forked JVM
 * ({@link FaultCaseRunner}, started by the first of them), one after the other; a healthy probe
 * job after each case shows the breakers closed and starts the next case from a clean slate.
 */
class FaultMatrixIT {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .resetOnEachTest(false) // cases have their own paths; the agent cases' forks ran before
            .build();

    /** The agent cases' runs, all in one forked JVM, made on first use. */
    private static AgentFork agentFork;

    /** One agent case as the forked JVM ran it: the case's job, the probe job after it, its stderr lines. */
    record CaseRun(RunData data, RunData probe, List<String> stderr) {}

    /** The forked JVM's runs by case, or why it could not run them. */
    record AgentFork(Map<String, CaseRun> cases, AssertionError failure) {}

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

    /** The case's base path: {@code /agent/storage/http_503} or {@code /plain/storage/http_503}. */
    static String casePath(boolean agent, ServiceEndpoint endpoint, FaultKind fault) {
        return ("/" + (agent ? "agent" : "plain") + "/" + endpoint.service + "/" + fault.name()).toLowerCase(Locale.ROOT);
    }

    /**
     * Under {@code path}: healthy stubs for every endpoint but {@code faulty}, which serves the fault
     * then recovers; under {@code path + "-after"}: every endpoint healthy (the probe's).
     */
    static void script(String path, ServiceEndpoint faulty, FaultKind fault) {
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            if (e != faulty) wm.stubFor(e.stub(path).willReturn(e.healthy()));
            wm.stubFor(e.stub(path + "-after").willReturn(e.healthy()));
        }
        String scenario = "outage " + path;
        for (int i = 0; i < fault.faultyRequests; i++) {
            String state = i == 0 ? STARTED : "fault-" + i;
            String next = i == fault.faultyRequests - 1 ? "recovered" : "fault-" + (i + 1);
            wm.stubFor(faulty.stub(path).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(fault.response(faulty)).willSetStateTo(next));
        }
        wm.stubFor(faulty.stub(path).inScenario(scenario).whenScenarioStateIs("recovered").willReturn(faulty.healthy()));
    }

    static int requests(String path, ServiceEndpoint endpoint) {
        return wm.countRequestsMatching(endpoint.requests(path).build()).getCount();
    }

    @ParameterizedTest(name = "{0} {1}, no agent")
    @MethodSource("cases")
    void withoutTheAgentTheFaultReachesTheJob(ServiceEndpoint endpoint, FaultKind fault) {
        String path = casePath(false, endpoint, fault);
        script(path, endpoint, fault);
        CallLog calls = new CallLog();
        String base = base() + path;
        Orchestrator orchestrator = new Orchestrator(new WhisperClient(base), new OllamaClient(base),
                new SupabaseClient(base, "k"), new StorageClient(base, "k"), "llama3", calls);

        JobResult job = orchestrator.process(Main.syntheticJobs(1).get(0));

        CallRecord call = callTo(calls.records(), endpoint);
        if (fault.answersEventually()) {
            assertThat(job.status()).isEqualTo(JobResult.Status.COMPLETED);
            assertThat(call.durationMs()).as("the caller waited for the slow answer").isGreaterThanOrEqualTo(FaultKind.DELAY_MS - 50);
        } else {
            assertThat(job.status()).isEqualTo(JobResult.Status.FAILED);
            assertThat(job.reason()).startsWith(endpoint.service + ".");
            assertThat(call.exceptionType()).isEqualTo(fault.adapterException(endpoint));
        }
        assertThat(requests(path, endpoint)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}, with agent")
    @MethodSource("cases")
    void withTheAgentThePolicyDecides(ServiceEndpoint endpoint, FaultKind fault) throws Exception {
        ForkedApp.assumeAgentJar();
        String path = casePath(true, endpoint, fault);
        CaseRun run = agentRun(endpoint, fault);

        assertThat(run.data().agent()).isTrue();
        JobResult job = run.data().jobs().get(0);
        CallRecord call = callTo(run.data().calls(), endpoint);
        int requests = requests(path, endpoint);
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
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            assertThat(requests(path, e)).as("%s: only the faulty endpoint is asked again", e).isEqualTo(e == endpoint ? requests : 1);
        }
        assertThat(BreakerLog.parseAll(run.stderr())).as("breaker stays closed").isEmpty();
        assertThat(run.probe().jobs().get(0).status()).as("breaker closed afterwards: the next job goes through")
                .isEqualTo(JobResult.Status.COMPLETED);
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            assertThat(requests(path + "-after", e)).as("the probe's %s call reached the service", e).isEqualTo(1);
        }
    }

    static CallRecord callTo(List<CallRecord> calls, ServiceEndpoint endpoint) {
        return calls.stream().filter(c -> c.service().equals(endpoint.service)).findFirst()
                .orElseThrow(() -> new AssertionError("no call to " + endpoint.service + " in " + calls));
    }

    /**
     * The agent run of one case. The first agent case forks the JVM that runs all of them, one
     * after another: the JVM's start-up (the agent's included) is most of a case's cost, and the
     * cases cannot disturb one another (each adapter has its own rule and breaker, and the probe
     * after each case leaves its rule's breaker as a fresh JVM has it).
     */
    static synchronized CaseRun agentRun(ServiceEndpoint endpoint, FaultKind fault) throws Exception {
        if (agentFork == null) agentFork = forkAgentCases();
        if (agentFork.failure() != null) throw agentFork.failure();
        return agentFork.cases().get(casePath(true, endpoint, fault));
    }

    private static AgentFork forkAgentCases() throws Exception {
        List<String> args = new ArrayList<>();
        Path dir = ForkedApp.newDir();
        args.add(base());
        args.add(dir.toString());
        List<String> paths = new ArrayList<>();
        for (ServiceEndpoint e : ServiceEndpoint.values()) {
            for (FaultKind f : FaultKind.values()) {
                String path = casePath(true, e, f);
                script(path, e, f);
                paths.add(path);
            }
        }
        args.addAll(paths);
        ForkedApp.stubWarmUp(wm);
        ForkedApp.Fork run = ForkedApp.fork(ForkedApp.policy("it.yaml"), FaultCaseRunner.class.getName(),
                List.of(ForkedApp.appJar(), ForkedApp.testClasses()), args, dir, 180);
        Map<String, CaseRun> cases = new HashMap<>();
        for (String path : paths) {
            Path report = FaultCaseRunner.reportFile(dir, path), probe = FaultCaseRunner.reportFile(dir, path + "-after");
            if (!Files.exists(report) || !Files.exists(probe)) {
                return new AgentFork(null, new AssertionError("the forked JVM wrote no report for " + path + "\n" + run.describe()));
            }
            cases.put(path, new CaseRun(RunData.read(report), RunData.read(probe), linesOf(run.stderr(), path)));
        }
        return new AgentFork(cases, null);
    }

    /** The stderr lines between the case's begin and end markers. */
    static List<String> linesOf(List<String> stderr, String path) {
        int from = stderr.indexOf(FaultCaseRunner.MARKER + path + " begin"), to = stderr.indexOf(FaultCaseRunner.MARKER + path + " end");
        if (from < 0 || to < from) throw new AssertionError("no markers for " + path + " in\n" + String.join("\n", stderr));
        return stderr.subList(from + 1, to);
    }
}
