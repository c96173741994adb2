package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.CallTimeoutIOException;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CallStats#timedOutCalls}: the failed calls whose final failure was the agent's timeout. */
class TimedOutCallsTest {
    private final FakeClock clock = new FakeClock();
    private final CallStats stats = new CallStats();

    private RuleRuntime rule(String body) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: svc\n    match: { class: a.B }\n" + body, "t.yaml");
        assertThat(result.errors()).isEmpty();
        return new RuleRuntime(result.policy().rules().get(0), 0, clock, new FakeSleeper(clock), line -> { },
                BreakerTransitions.NONE);
    }

    private CallExecution start(RuleRuntime rule) {
        RuleRuntime.BreakerHandle breaker = rule.breakerFor("a.B#m()");
        return new CallExecution().begin(rule, breaker == null ? null : breaker.breaker(), stats, Long.MAX_VALUE);
    }

    private static Throwable timeout() {
        return new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "timed out", null);
    }

    @Test
    void aCallWhoseLastAttemptTimedOutIsAFailureAndATimedOutCall() {
        CallExecution call = start(rule("    retry: { maxAttempts: 2, delay: 1ms }\n"));
        call.startAttempt();
        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();

        assertThat(call.timedOut(timeout(), CallTimeoutIOException.class)).isEqualTo(CallExecution.FAIL);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isEqualTo(1);
        assertThat(stats.timeouts.sum()).isEqualTo(1);
    }

    @Test
    void aCallThatTimedOutThenFailedOtherwiseIsNotATimedOutCall() {
        CallExecution call = start(rule("    retry: { maxAttempts: 2, delay: 1ms }\n"));
        call.startAttempt();
        assertThat(call.timedOut(timeout(), CallTimeoutIOException.class)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();

        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.FAIL);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isZero();
        assertThat(stats.timeouts.sum()).isEqualTo(1);
    }

    @Test
    void aCallThatTimedOutAndSucceededOnRetryIsNotATimedOutCall() {
        CallExecution call = start(rule("    retry: { maxAttempts: 2, delay: 1ms }\n"));
        call.startAttempt();
        call.timedOut(timeout(), CallTimeoutIOException.class);
        call.awaitBackoff();
        call.startAttempt();
        call.succeeded();

        assertThat(stats.successes.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isZero();
    }

    @Test
    void aTimedOutCallServedAFallbackIsAFallbackOnly() {
        CallExecution call = start(rule("    retry: off\n    fallback: { value: \"\" }\n"));
        call.startAttempt();

        assertThat(call.timedOut(timeout(), CallTimeoutIOException.class)).isEqualTo(CallExecution.FALLBACK);
        assertThat(stats.fallbacks.sum()).as("counted once the fallback gives its value").isZero();
        call.fallbackServed();
        assertThat(stats.fallbacks.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isZero();
        assertThat(stats.timedOutCalls.sum()).isZero();
    }

    @Test
    void aTimedOutAttemptFollowedByAFailingResponseIsNotATimedOutCall() {
        CallExecution call = start(rule("    retry: { maxAttempts: 2, delay: 1ms, onStatus: [503] }\n"));
        call.startAttempt();
        assertThat(call.timedOut(timeout(), CallTimeoutIOException.class)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();

        assertThat(call.failedResponse(503, -1)).isEqualTo(CallExecution.RETURN);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isZero();
    }

    @Test
    void inObserveModeAWouldBeTimeoutIsATimedOutCall() {
        CallExecution call = start(rule("    mode: observe\n    timeout: 1s\n"));
        call.startAttempt();
        clock.advance(java.time.Duration.ofSeconds(2));

        // the advice asks whether enforcement would have timed the attempt out, and reports it so
        assertThat(call.wouldHaveTimedOut()).isTrue();
        assertThat(call.timedOut(new java.io.IOException("would-be timeout"), java.io.IOException.class)).isEqualTo(CallExecution.RETURN);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.timedOutCalls.sum()).isEqualTo(1);
    }

    /**
     * Review: with {@code onFailure.exception} an Error type, the caller is shown an Error for a
     * timeout, but the timeout is still the agent's own failure: the fallback serves it.
     */
    @Test
    void aTimeoutShownAsAnErrorByOnFailureStillFallsBack() {
        RuleRuntime rule = rule("    retry: off\n    timeout: 1s\n    fallback: { value: \"\" }\n"
                + "    onFailure: { exception: java.lang.AssertionError }\n");
        CallExecution call = start(rule);
        call.startAttempt();

        int decision = call.timedOut(new AssertionError("svc: timed out"), CallTimeoutIOException.class);

        assertThat(decision).isEqualTo(CallExecution.FALLBACK);
        call.fallbackServed();
        assertThat(stats.fallbacks.sum()).isEqualTo(1);
    }
}
