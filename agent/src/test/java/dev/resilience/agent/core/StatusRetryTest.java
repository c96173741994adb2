package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code retry.onStatus}: a response with a listed status is a failure for the breaker and the retry,
 * its Retry-After sets the wait, and after the last attempt the caller gets the response itself.
 */
class StatusRetryTest extends ExecutionFixture {

    /** Operator audit: the reason read "dev.resilience.agent.core.HttpStatusFailure: HTTP status 503". */
    @Test
    void aBreakerOpenedByFailingStatusesSaysWhichStatusInPlainWords() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 1, onStatus: [503] }\n"
                + "    circuitBreaker: { failureThreshold: 1, openDuration: 1m }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();

        assertThat(call.failedResponse(503, -1)).isEqualTo(CallExecution.RETURN);
        assertThat(transitions).containsExactly("breaker svc CLOSED -> OPEN (1 consecutive failure, last: HTTP status 503)");
    }

    @Test
    void aFailingHttpStatusIsRetriedThenTheResponseItselfIsReturnedAndCountedAsAFailure() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 2, delay: 100ms, maxDelay: 5s, onStatus: [429] }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failedResponse(429, Duration.ofSeconds(30).toNanos())).isEqualTo(CallExecution.RETRY);
        assertThat(call.nextDelayNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
        call.awaitBackoff();
        call.startAttempt();

        assertThat(call.failedResponse(429, -1)).isEqualTo(CallExecution.RETURN);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isEqualTo(1);
    }

    /** {@code Retry-After: 0}: retry at once (mutation testing: a zero wait was taken for none given). */
    @Test
    void aRetryAfterOfZeroRetriesAtOnce() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 2, delay: 100ms, onStatus: [503] }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failedResponse(503, 0)).isEqualTo(CallExecution.RETRY);
        assertThat(call.nextDelayNanos()).isZero();
    }

    @Test
    void aRetryRefusedByAnOpenCircuitAfterAFailingStatusReturnsThatResponse() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 100ms, onStatus: [503] }\n"
                + "    circuitBreaker: { failureThreshold: 1 }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        // the circuit opens, and would refuse the retry: the caller gets the response at once
        assertThat(call.failedResponse(503, -1)).isEqualTo(CallExecution.RETURN);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isZero();
        assertThat(stats.retries.sum()).as("the refused retry never ran").isZero();
    }

    @Test
    void anInterruptWhileWaitingAfterAFailingStatusReturnsThatResponseAndKeepsTheFlag() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 100ms, onStatus: [429] }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failedResponse(429, -1)).isEqualTo(CallExecution.RETRY);
        Thread.currentThread().interrupt();

        assertThat(call.awaitBackoff()).isFalse();
        assertThat(call.interruptedDuringBackoff()).isEqualTo(CallExecution.RETURN);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isZero();
    }

    @Test
    void aFailingStatusFollowedByAnExceptionEndsWithTheException() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 2, delay: 100ms, onStatus: [503] }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        call.failedResponse(503, -1);
        call.awaitBackoff();
        call.startAttempt();
        IOException last = new IOException("reset");

        assertThat(call.failed(last)).isEqualTo(CallExecution.FAIL);
        assertThat(call.failure()).isSameAs(last);
    }
}
