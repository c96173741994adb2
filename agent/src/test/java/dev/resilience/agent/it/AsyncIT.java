package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

class AsyncIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: async
                match: { class: testapp.AsyncClient }
                retry: { maxAttempts: 3, delay: 100ms }
                timeout: 500ms
                circuitBreaker: off
            """;

    /**
     * A stage that refuses {@code toCompletableFuture()} (the interface allows it) is watched
     * through its {@code whenComplete}. Audit: the refusal reached the advice's error path, which
     * called the method a second time, unprotected, leaving the first call's bulkhead place and
     * timer behind (ghost timeouts then opened the breaker of a healthy service).
     */
    @Test
    void aStageThatRefusesToBecomeAFutureIsWatchedAndTheMethodCalledOnce() {
        stub("/ok", status(200));
        sequence("/flaky", status(503), status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(),
                "async.refusing:/ok", "async.refusing:/flaky");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("status 200 calls=1");
        assertThat(result.call(2).value()).as("retried once").isEqualTo("status 200 calls=3");
        assertThat(requests("/flaky")).isEqualTo(2);
        assertThat(result.stderr()).doesNotContain("internal error").doesNotContain("ERROR");
    }

    /**
     * {@code minimalCompletionStage()} is a CompletableFuture whose cancel() throws: the timeout
     * still ends the call (review: a first version of the fix above cancelled it directly, and the
     * caller's future never completed).
     */
    @Test
    void aMinimalStageThatTimesOutCompletesTheCallersFuture() {
        stub("/slow", aResponse().withStatus(200).withFixedDelay(2000));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.minimal:/slow");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.AsyncCallTimeoutException");
    }

    @Test
    void aFailedFutureIsRetriedWithoutBlockingTheCaller() {
        sequence("/flaky", status(503).withFixedDelay(1000), status(503), status(200));
        String policy = POLICY.replace("timeout: 500ms", "timeout: 5s");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetch:/flaky");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(result.call(1).value()).isEqualTo("status 200");
        assertThat(requests("/flaky")).isEqualTo(3);
        // the first response takes a second: the future came back long before it
        assertThat(result.returnedMillis(1)).hasValueSatisfying(ms -> assertThat(ms).isLessThan(900));
        assertThat(result.call(1).millis()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aSlowFutureIsCompletedWithTheAgentsTimeoutException() {
        // a retry would get the fast answer: the call failing proves the timeout was not retried
        sequence("/slow", aResponse().withStatus(200).withFixedDelay(3000), status(200));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.fetch:/slow");

        ForkedApp.Call call = result.call(1);
        assertThat(call.exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.AsyncCallTimeoutException");
        assertThat(call.message()).contains("rule 'async'");
        assertThat(call.millis()).isBetween(450L, 1500L);
        assertThat(result.returnedMillis(1)).hasValueSatisfying(ms -> assertThat(ms).isLessThan(400));
        // a TimeoutException is not an IOException: the default retryOn does not retry it (the
        // abandoned request may or may not reach the journal, depending on when it was cancelled)
        assertThat(requests("/slow")).isLessThanOrEqualTo(1);
    }

    /**
     * Regression audit: a timed-out async call's fallback ran on the scheduler's one thread, so a
     * slow fallback held up every other async timeout and backoff of the JVM.
     */
    @Test
    void aTimedOutCallsFallbackRunsOffTheSchedulersThread() {
        String policy = POLICY.replace("maxAttempts: 3", "maxAttempts: 1").replace("timeout: 500ms", "timeout: 300ms")
                + "    fallback: { method: \"testapp.Fallbacks#threadName\" }\n";

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetchPending:/x");

        assertThat(result.call(1).value()).as(result.toString()).startsWith("fallback on resilience-async-retry-");
    }

    /** Regression audit: a fallback whose own future failed counted as a fallback served. */
    @Test
    void aFallbackWhoseFutureFailsCountsAFailure() {
        String policy = POLICY.replace("maxAttempts: 3", "maxAttempts: 1").replace("timeout: 500ms", "timeout: 300ms")
                + "    fallback: { method: \"testapp.Fallbacks#failedToo\" }\n";

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetchPending:/x",
                "stats");

        assertThat(result.call(1).message()).as(result.toString()).contains("fallback down too");
        assertThat(result.stats("testapp.AsyncClient#pending(java.lang.String)")).containsEntry("failures", 1L)
                .containsEntry("fallbacks", 0L);
    }

    /**
     * Audit: a method of the rule that the async method's body calls on the same thread was
     * protected again, so each of the three attempts made three (9 requests, 3 x 3).
     */
    @Test
    void aSameRuleMethodTheBodyCallsIsNotRetriedSeparately() {
        stub("/down", status(503));
        String policy = POLICY.replace("timeout: 500ms", "timeout: 5s").replace("delay: 100ms", "delay: 10ms");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.viaSync:/down",
                "stats");

        assertThat(result.call(1).ok()).as(result.toString()).isFalse();
        assertThat(requests("/down")).isEqualTo(3);
        assertThat(result.stats("testapp.AsyncClient#getSync(java.lang.String)")).as(result.toString())
                .containsEntry("failures", 0L).containsEntry("retries", 0L);
    }

    /** Audit: another rule's method the async body calls waited past the attempt's deadline (its own 5 s). */
    @Test
    void anotherRulesMethodTheBodyCallsIsCutAtTheAttemptsDeadline() {
        stub("/slow", aResponse().withStatus(200).withFixedDelay(3000));
        String policy = POLICY.replace("timeout: 500ms", "timeout: 400ms").replace("maxAttempts: 3", "maxAttempts: 1")
                + "  - name: inner\n"
                + "    match: { class: testapp.LegacyClient }\n"
                + "    retry: { maxAttempts: 3, delay: 10ms }\n"
                + "    timeout: 5s\n"
                + "    circuitBreaker: off\n";

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.viaLegacy:/slow",
                "stats");

        assertThat(result.call(1).ok()).as(result.toString()).isFalse();
        assertThat(result.call(1).millis()).isLessThan(2500L);
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)")).as(result.toString())
                .containsEntry("timeouts", 1L).containsEntry("retries", 0L);
        assertThat(requests("/slow")).isEqualTo(1);
    }

    /** Review: a retry's body runs on the scheduler's one thread, so its timer could not fire while it blocked: it counted a success. */
    @Test
    void aRetryWhoseBodyBlocksPastTheTimeoutTimesOut() {
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.failThenBlock:900",
                "stats");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.AsyncCallTimeoutException");
        assertThat(result.stats("testapp.AsyncClient#failThenBlock(java.lang.String)"))
                .containsEntry("successes", 0L).containsEntry("retries", 1L).containsEntry("timeouts", 1L);
    }

    /**
     * Review: the first attempt's body, returning late after its timeout, overwrote the running
     * attempt's future with its own, so the second attempt's timeout cancelled the wrong one.
     */
    @Test
    void aLateFirstAttemptDoesNotHideTheRunningAttemptsFuture() {
        String policy = POLICY.replace("maxAttempts: 3", "maxAttempts: 2, retryOn: [java.util.concurrent.TimeoutException]");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.blockThenPending:800");

        assertThat(result.call(1).value()).as(result.toString())
                .isEqualTo("AsyncCallTimeoutException, second attempt's future cancelled=true");
    }

    /**
     * A timeout cancels the method's own future (which aborts an HTTP exchange in flight): a future the
     * method shares with every caller is cancelled for all of them, as the README says.
     */
    @Test
    void aTimeoutCancelsTheMethodsOwnFutureEvenWhenShared() {
        String policy = POLICY.replace("retry: { maxAttempts: 3, delay: 100ms }", "retry: off");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.sharedTwice:800");

        assertThat(result.call(1).value()).as(result.toString())
                .isEqualTo("AsyncCallTimeoutException, shared future cancelled=true, then CancellationException");
    }

    /** Audit: a caller that completed its future itself (a value of its own, its own orTimeout) still had every retry sent. */
    @Test
    void aCallerThatCompletesItsFutureGetsNoMoreRetries() {
        stub("/down", status(503));
        String policy = POLICY.replace("delay: 100ms", "delay: 500ms");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetchThenComplete:/down",
                "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("value=mine");
        assertThat(requests("/down")).isEqualTo(1);
        assertThat(result.stats("testapp.AsyncClient#fetch(java.lang.String)"))
                .containsEntry("failures", 1L).containsEntry("retries", 0L);
    }

    /** Audit: callers cancelling their own calls (type-ahead searches) opened the breaker against a healthy service. */
    @Test
    void aCallerCancellingItsCallIsNoFailureForTheBreaker() {
        stub("/ok", status(200));
        String policy = POLICY.replace("circuitBreaker: off", "circuitBreaker: { failureThreshold: 1, openDuration: 30s }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.cancelTracked:/x",
                "async.fetch:/ok");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("method's own future cancelled=true");
        assertThat(result.call(2).ok()).as(result.toString()).isTrue();
        assertThat(result.stderr()).doesNotContain("CLOSED -> OPEN");

        // observing, the caller holds the method's own future: its cancel is the caller's too (review)
        ForkedApp.Result observed = ForkedApp.run(ForkedApp.policy(policy.replace("retry:", "mode: observe\n    retry:")),
                "testapp.Scenario", base(), "async.cancelTracked:/x", "async.fetch:/ok");
        assertThat(observed.call(2).ok()).as(observed.toString()).isTrue();
        assertThat(observed.stderr()).doesNotContain("CLOSED -> OPEN");
    }

    /** Audit: observing, the caller got the agent's future (a subclass lost), and a failed one for an exception thrown at once. */
    @Test
    void observingTheCallerGetsTheMethodsOwnFutureAndItsOwnException() {
        String policy = POLICY.replace("match: { class: testapp.AsyncClient }", "match: { class: testapp.AsyncClient }\n    mode: observe");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.ownFuture:/x",
                "async.throwsNow:/y");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("OwnFuture");
        assertThat(result.call(2).exception()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(result.call(2).message()).isEqualTo("bad path /y");
    }

    /**
     * A method declared to return a CompletableFuture subclass cannot get the agent's future: it runs
     * under the synchronous policy, untouched, and the operator is told that its future's outcome is
     * not seen (it was silent).
     */
    @Test
    void aMethodDeclaringAFutureTypeOfItsOwnIsWarnedAboutAndLeftToReturnIt() {
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.declaredOwn:/x",
                "sleep:1000"); // the warning comes from the agent's own thread, moments after the class is instrumented

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("OwnFuture");
        assertThat(result.stderr()).containsOnlyOnce("rule 'async': testapp.AsyncClient#declaredOwn(java.lang.String) returns"
                + " testapp.AsyncClient$OwnFuture, a future type of its own: it is protected as a synchronous call");
        assertThat(result.stderr()).doesNotContain("#fetch(java.lang.String) returns");
    }

    /** Audit: cancelling the future the caller got left the method's own future (an exchange in flight, say) running. */
    @Test
    void cancellingTheCallersFutureCancelsTheMethodsOwn() {
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.cancelTracked:/x");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("method's own future cancelled=true");
    }

    /** Audit: a method that returns null instead of a future returned a completed future under the agent. */
    @Test
    void aMethodReturningNoFutureStillReturnsNull() {
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.none:/x", "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("null");
        assertThat(result.stats("testapp.AsyncClient#none(java.lang.String)"))
                .containsEntry("successes", 1L).containsEntry("failures", 0L).containsEntry("agentErrors", 0L);
    }

    /** Audit: the attempt's time ran from the moment the body returned its future, not from its start. */
    @Test
    void aBodyThatBlocksPastTheTimeoutBeforeReturningItsFutureTimesOut() {
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY), "testapp.Scenario", base(), "async.blocking:900", "stats");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.AsyncCallTimeoutException");
        assertThat(result.stats("testapp.AsyncClient#blocking(java.lang.String)"))
                .containsEntry("successes", 0L).containsEntry("timeouts", 1L).containsEntry("failures", 1L);
    }

    /** Audit: under mode: interrupt, a body blocked on the caller's thread before returning its future was left to block. */
    @Test
    void inInterruptModeABodyBlockedBeforeReturningItsFutureIsInterruptedAtTheDeadline() {
        String policy = POLICY.replace("timeout: 500ms", "timeout: { duration: 500ms, mode: interrupt }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.blocking:20000", "stats");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("dev.resilience.agent.api.AsyncCallTimeoutException");
        assertThat(result.returnedMillis(1)).hasValueSatisfying(ms -> assertThat(ms).isBetween(450L, 10_000L));
        assertThat(result.stats("testapp.AsyncClient#blocking(java.lang.String)"))
                .containsEntry("successes", 0L).containsEntry("timeouts", 1L).containsEntry("failures", 1L);
    }

    /** Judged by its cause, but delivered as the method's own future held it: the application unwraps what it always did. */
    @Test
    void aWrappedFailureReachesTheCallerWrappedAsWithoutTheAgent() {
        stub("/down", status(503));
        String policy = POLICY.replace("maxAttempts: 3", "maxAttempts: 2");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetchHandled:/down");

        assertThat(result.call(1).value()).as(result.toString())
                .isEqualTo("failed with java.util.concurrent.CompletionException caused by java.io.IOException");
        assertThat(requests("/down")).as("the IOException inside was retried").isEqualTo(2);
    }

    /** Regression (audit): the retry refused by the circuit the first failure opened left the failure unwrapped. */
    @Test
    void aRetryRefusedByAnOpenCircuitEndsWithTheFailureAsTheMethodsFutureHeldIt() {
        stub("/down", status(503));
        String policy = POLICY.replace("circuitBreaker: off", "circuitBreaker: { failureThreshold: 1, openDuration: 1m }");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetchHandled:/down");

        assertThat(result.call(1).value()).as(result.toString())
                .isEqualTo("failed with java.util.concurrent.CompletionException caused by java.io.IOException");
        assertThat(requests("/down")).as("the retry met the open circuit").isEqualTo(1);
    }

    /** A bulkhead's maxWait would block the caller, which the agent never does to a method returning a future. */
    @Test
    void aFullBulkheadRejectsAnAsynchronousCallAtOnceInsteadOfWaiting() {
        stub("/slow", aResponse().withStatus(200).withBody("slow").withFixedDelay(1000));
        String policy = """
                version: 1
                rules:
                  - name: async
                    match: { class: testapp.AsyncClient }
                    retry: off
                    timeout: off
                    circuitBreaker: off
                    bulkhead: { maxConcurrent: 1, maxWait: 3s }
                """;

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "parallel:2:async.fetch:/slow");

        // before the first call's second-long response: neither caller waited for the bulkhead's place
        assertThat(result.returnedMillis(1)).as(result.toString()).hasValueSatisfying(ms -> assertThat(ms).isLessThan(900));
        assertThat(result.returnedMillis(2)).hasValueSatisfying(ms -> assertThat(ms).isLessThan(900));
        assertThat(List.of(result.call(1), result.call(2))).filteredOn(ForkedApp.Call::ok).hasSize(1);
        assertThat(List.of(result.call(1), result.call(2))).filteredOn(call -> !call.ok()).singleElement()
                .satisfies(call -> assertThat(call.message()).contains("rule 'async'").contains("bulkhead"));
        assertThat(requests("/slow")).isEqualTo(1);
    }

    /** Observing, a would-be timeout is counted at the deadline, also for a future that never completes. */
    @Test
    void observingCountsAWouldBeTimeoutOfAFutureThatNeverCompletes() {
        String policy = POLICY.replace("match:", "mode: observe\n    match:");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.pending:/x",
                "sleep:1500", "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("pending");
        assertThat(result.stats("testapp.AsyncClient#pending(java.lang.String)"))
                .containsEntry("timeouts", 1L).containsEntry("failures", 1L);
    }

    /** A caller that cancels its future stops the call: no retry is sent after it gave up. */
    @Test
    void aCallerThatCancelsItsFutureGetsNoMoreRetries() {
        stub("/down", status(503));
        String policy = POLICY.replace("delay: 100ms", "delay: 500ms");

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(policy), "testapp.Scenario", base(), "async.fetchThenCancel:/down",
                "stats");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("cancelled=true");
        assertThat(requests("/down")).isEqualTo(1);
        assertThat(result.stats("testapp.AsyncClient#fetch(java.lang.String)"))
                .containsEntry("failures", 1L).containsEntry("retries", 0L);
    }
}
