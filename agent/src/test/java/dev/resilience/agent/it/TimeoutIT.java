package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

class TimeoutIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: off
                timeout: 500ms
                circuitBreaker: off
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                retry: off
                timeout: 500ms
                circuitBreaker: off
            """;

    @Test
    void returnsControlAtTheDeadlineWhenTheServerIsSlow() {
        stub("/slow", aResponse().withStatus(200).withBody("late").withFixedDelay(3000));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacy.get:/slow");

        ForkedApp.Call call = result.call(1);
        assertThat(call.ok()).as(result.toString()).isFalse();
        assertThat(call.exception()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(call.io()).isTrue();
        assertThat(call.message()).contains("rule 'legacy'").contains("LegacyClient#get(String)").contains("timed out after 500ms");
        assertThat(call.millis()).isBetween(450L, 2500L); // the deadline, not the 3 s the service takes
    }

    /**
     * A worker running the body would wait for the monitor the caller holds while the caller waits
     * for the worker: every call would time out without its body ever running. The body runs on the
     * caller's thread instead, interrupted at the deadline as in {@code mode: interrupt}.
     */
    @Test
    void aBodyNeedingTheMonitorTheCallerHoldsRunsOnTheCallersThread() {
        stub("/fast", aResponse().withStatus(200).withBody("fast"));
        stub("/slow-read", aResponse().withStatus(200).withBody("late").withFixedDelay(1500));
        String policy = ForkedApp.policy(POLICY + """
                  - name: locked
                    match: { class: testapp.LockedClient }
                    retry: off
                    timeout: 500ms
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(),
                "locked.get:/fast", "locked.getLockingHoldingIt:/fast", "legacy.get:/fast", "locked.get:/slow-read", "interrupted",
                "legacy.getHoldingIt:/fast", "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("fast thread=main");   // a synchronized method
        // the caller synchronized on the client, whose body takes that monitor: on a worker it would time out (audit:
        // the step before called a body that took no monitor, and passed wherever it ran)
        assertThat(result.call(2).value()).isEqualTo("fast thread=main");
        assertThat(result.call(6).value()).isEqualTo("fast");   // the same without a body that needs the monitor
        assertThat(result.call(3).value()).isEqualTo("fast");   // no monitor held: a worker, as before
        ForkedApp.Call slow = result.call(4);
        assertThat(slow.exception()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(slow.message()).contains("rule 'locked'").contains("timed out after 500ms");
        assertThat(slow.millis()).as("the read ignores the interrupt: the body ends when it does").isBetween(1450L, 3000L);
        assertThat(result.call(5).value()).as("no interrupt left behind").isEqualTo("false");
        assertThat(requests("/fast")).isEqualTo(4);
        assertThat(requests("/slow-read")).isEqualTo(1);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)")).containsEntry("successes", 2L);
        // audit: the rule said mode: thread and nothing said that its synchronized method never leaves the caller
        assertThat(result.stderr()).containsOnlyOnce("rule 'locked': testapp.LockedClient#get(java.lang.String) is synchronized:"
                + " its caller holds the monitor its body needs, so the body runs on the caller's thread")
                .doesNotContain("LegacyClient#get(java.lang.String) is synchronized");
    }

    /**
     * A thread-mode body is run by the agent, not by the call that reached the advice: it must still
     * be the body of the method the advice is in. A subclass no rule names that overrides the method
     * and calls {@code super} must not have its override run again by the agent.
     */
    @Test
    void anOverrideThatCallsTheProtectedParentRunsOnce() {
        stub("/fast", aResponse().withStatus(200).withBody("fast"));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "legacySubclass.get:/fast",
                "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("sub(fast) bodies=1");
        assertThat(requests("/fast")).isEqualTo(1);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)")).containsEntry("successes", 1L);
    }

    /** A worker would wait for the class's initialisation, which waits for the worker: the body runs on the caller. */
    @Test
    void aMethodCalledByItsOwnClassesStaticInitialiserRunsOnTheCaller() {
        String policy = ForkedApp.policy(POLICY + """
                  - name: init
                    match: { class: testapp.InitTime }
                    retry: off
                    timeout: 500ms
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "initTime", "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("read at-init on main");
        assertThat(result.stats("testapp.InitTime#read(java.lang.String)")).containsEntry("successes", 1L);
    }

    /**
     * An interrupted caller: without the agent the body would run with the flag set, and this one turns
     * it into an InterruptedIOException at once. The agent runs it on the caller too, and does not retry
     * what the interrupt became.
     */
    @Test
    void aCallerAlreadyInterruptedRunsTheBodyItselfAndIsNotRetried() {
        String policy = ForkedApp.policy(POLICY + """
                  - name: napper
                    match: { class: testapp.Napper }
                    retry: { maxAttempts: 3, delay: 10ms }
                    timeout: 2s
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "interrupt", "napper.nap:3000");

        ForkedApp.Call call = result.call(1);
        assertThat(call.exception()).as(result.toString()).isEqualTo("java.io.InterruptedIOException");
        assertThat(call.millis()).isLessThan(1000L);
        assertThat(result.stdout()).contains("NAPS 1");
    }

    @Test
    void returnsControlFromAReadThatIgnoresInterrupts() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", silent.base(),
                    "legacy.get:/never");

            ForkedApp.Call call = result.call(1);
            assertThat(call.ok()).as(result.toString()).isFalse();
            assertThat(call.exception()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
            assertThat(call.millis()).isBetween(450L, 2500L); // the deadline, not the 3 s the service takes
            assertThat(silent.connections()).isEqualTo(1);
        }
    }

    @Test
    void aMethodWithoutIOExceptionGetsAnUncheckedTimeout() {
        stub("/slow", aResponse().withStatus(200).withFixedDelay(3000));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "unchecked.fetch:/slow");

        ForkedApp.Call call = result.call(1);
        assertThat(call.exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CallTimeoutException");
        assertThat(call.io()).isFalse();
    }

    @Test
    void aTimedOutAttemptIsRetriedWhenTheTimeoutIsAnIOException() {
        sequence("/slow-then-fast", aResponse().withStatus(200).withBody("late").withFixedDelay(2000),
                aResponse().withStatus(200).withBody("fast"));
        String policy = POLICY.replaceFirst("retry: off", "retry: { maxAttempts: 2, delay: 50ms }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "legacy.get:/slow-then-fast");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(result.call(1).value()).isEqualTo("fast");
        assertThat(requests("/slow-then-fast")).isEqualTo(2);
    }

    /** Regression (audit): onFailure.exception changed what the caller sees, and with it stopped the retries. */
    @Test
    void aTimedOutAttemptIsRetriedAlsoWhenOnFailureShowsTheCallerAnotherType() {
        stub("/slow", aResponse().withStatus(200).withFixedDelay(2000));
        String policy = POLICY.replaceFirst("retry: off", "retry: { maxAttempts: 3, delay: 10ms }")
                .replaceFirst("timeout: 500ms", "timeout: 200ms\n    onFailure: { exception: java.io.UncheckedIOException }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "legacy.get:/slow", "stats");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("java.io.UncheckedIOException");
        assertThat(result.call(1).message()).contains("timed out after 200ms");
        assertThat(requests("/slow")).isEqualTo(3);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("timeouts", 3L).containsEntry("retries", 2L).containsEntry("failures", 1L);
    }

    @Test
    void anInnerRuleNeverWaitsPastTheOuterDeadline() {
        stub("/slow", aResponse().withStatus(200).withFixedDelay(3000));
        String policy = nested("", "600ms");

        // the pause lets the inner call, still on a worker when the outer one gives up, record its end
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "outer.load:/slow",
                "sleep:500", "stats");

        ForkedApp.Call call = result.call(1);
        assertThat(call.ok()).as(result.toString()).isFalse();
        assertThat(call.millis()).isBetween(550L, 2000L);
        // the inner call was cut at the outer deadline and not retried past it
        assertThat(requests("/slow")).isEqualTo(1);
        // The outer attempt timed out, whether its own wait ended first or the inner call's cut timeout
        // did (audit: then it counted a plain failure, and the inner's timeout reached the caller).
        assertThat(call.exception()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(call.message()).contains("rule 'outer'").contains("timed out after 600ms");
        assertThat(result.stats("testapp.OuterService#load(java.lang.String)"))
                .containsEntry("timeouts", 1L).containsEntry("failures", 1L);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)")).containsEntry("timeouts", 1L);
    }

    /**
     * Regression audit: a worker thread kept the context class loader of the caller that made it,
     * so later bodies ran with another caller's loader (a web application's, in a servlet container).
     */
    @Test
    void aBodyRunsWithItsCallersContextClassLoader() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: loader
                    match: { class: testapp.LoaderClient }
                    retry: off
                    timeout: 5s
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "loader.twoCalls");

        String[] calls = result.call(1).value().split(" \\| ");
        assertThat(calls[0]).as(result.toString()).startsWith("app on resilience-timeout-");
        assertThat(calls[1]).startsWith("caller-loader on resilience-timeout-");
    }

    /** Prologue audit: a body on a worker that restored the interrupt status it caught left the caller's unset. */
    @Test
    void anInterruptTheBodyRestoresReachesTheCaller() {
        ForkedApp.Result result = ForkedApp.run(INTERRUPTING, "testapp.Scenario", base(), "interrupting.restores");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("cancelled, caller interrupted true");
    }

    /** Prologue audit: a caller interrupted while waiting got an unchecked exception its catch (InterruptedException) missed. */
    @Test
    void aMethodDeclaringInterruptedExceptionGivesOneToAnInterruptedCaller() {
        ForkedApp.Result result = ForkedApp.run(INTERRUPTING, "testapp.Scenario", base(), "interrupting.take");

        assertThat(result.call(1).value()).as(result.toString())
                .isEqualTo("caught dev.resilience.agent.api.CallWaitInterruptedException");
        assertThat(result.call(1).millis()).isLessThan(3_000L);
    }

    private static final String INTERRUPTING = ForkedApp.policy("""
            version: 1
            rules:
              - name: interrupting
                match: { class: testapp.InterruptingClient, exclude: [restoresThenStatus, takeInterrupted] }
                retry: off
                timeout: 10s
                circuitBreaker: off
            """);

    /** Audit: an observed outer rule's would-be deadline cut the enforced inner rule's call, which then failed. */
    @Test
    void anObservedOuterRuleLeavesAnInnerRuleAsWithoutIt() {
        stub("/slow", aResponse().withStatus(200).withFixedDelay(800));
        String policy = nested("mode: observe", "200ms");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "outer.load:/slow",
                "stats");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(requests("/slow")).isEqualTo(1);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)")).containsEntry("timeouts", 0L)
                .containsEntry("successes", 1L);
        assertThat(result.stats("testapp.OuterService#load(java.lang.String)")).containsEntry("timeouts", 1L);
    }

    /**
     * Regression (audit): the only timeout worker is still held by the first attempt's body, whose
     * read ignores the interrupt, when the retry comes. Busy workers refuse it as a full bulkhead
     * would: the call ends with its real failure, the timeout, and is no rejection.
     */
    @Test
    void aRetryRefusedByBusyWorkersEndsWithTheLastRealFailure() {
        stub("/slow-read", aResponse().withStatus(200).withBody("late").withFixedDelay(2000));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 3, delay: 50ms }
                    timeout: 300ms
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, List.of("-Dresilience.timeout.maxThreads=1"), List.of(),
                "testapp.Scenario", base(), "legacy.get:/slow-read", "stats");

        ForkedApp.Call call = result.call(1);
        assertThat(call.exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.CallTimeoutIOException");
        assertThat(call.message()).contains("timed out after 300ms");
        assertThat(requests("/slow-read")).as("the refused retry never ran").isEqualTo(1);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("failures", 1L)
                .containsEntry("timeouts", 1L)
                .containsEntry("retries", 0L)
                .containsEntry("rejections", 0L);
    }

    /** An outer rule on {@code OuterService} (with {@code outerExtra}, if any) whose calls go to an inner rule's {@code LegacyClient}. */
    private static String nested(String outerExtra, String outerTimeout) {
        return "version: 1\n"
                + "rules:\n"
                + "  - name: outer\n"
                + "    match: { class: testapp.OuterService }\n"
                + (outerExtra.isEmpty() ? "" : "    " + outerExtra + "\n")
                + "    retry: off\n"
                + "    timeout: " + outerTimeout + "\n"
                + "    circuitBreaker: off\n"
                + "  - name: inner\n"
                + "    match: { class: testapp.LegacyClient }\n"
                + "    retry: { maxAttempts: 3, delay: 50ms }\n"
                + "    timeout: 5s\n"
                + "    circuitBreaker: off\n";
    }
}
