package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.CallTimeoutIOException;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mode: observe}: the call runs untouched while every figure counts what enforcement would have done. */
class ObservedExecutionTest extends ExecutionFixture {
    @Test
    void observeModeNeverRetriesOrRejectsButCountsWhatEnforcementWouldHaveDone() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 3 }\n    circuitBreaker: { failureThreshold: 1 }\n");
        CallExecution first = start(rule, stats);
        first.startAttempt();
        assertThat(first.failed(new IOException())).isEqualTo(CallExecution.RETURN);

        CallExecution second = start(rule, stats);
        assertThat(second.startAttempt()).isTrue();
        assertThat(second.succeeded()).isEqualTo(CallExecution.RETURN);

        // the failure opened the breaker, which would have refused the retry: none, as enforcement counts (audit)
        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.successes.sum()).isZero();
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void observeCountsAWouldBeRejectedCallAsARejectionWithoutAWouldBeRetry() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 3 }\n    circuitBreaker: { failureThreshold: 1 }\n");
        CallExecution first = start(rule, stats);
        first.startAttempt();
        first.failed(new IOException());          // opens the breaker, which would refuse its retry

        CallExecution second = start(rule, stats);
        assertThat(second.startAttempt()).isTrue();      // runs although the breaker is open
        assertThat(second.failed(new IOException())).isEqualTo(CallExecution.RETURN);

        assertThat(stats.retries.sum()).isZero();        // neither call would have retried
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    @Test
    void observeCountsAWouldBeRetryWhileTheBreakerStaysClosed() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 3 }\n    circuitBreaker: { failureThreshold: 2 }\n");
        CallExecution first = start(rule, stats);
        first.startAttempt();
        first.failed(new IOException());          // the breaker stays closed: enforcement would retry

        assertThat(stats.retries.sum()).isEqualTo(1);
    }

    /** Review: observing counted no retry here, where enforcement retries (the breaker lets a trial through by then). */
    @Test
    void observeCountsAWouldBeRetryDueAfterTheOpenPeriod() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 3, delay: 500ms }\n"
                + "    circuitBreaker: { failureThreshold: 1, openDuration: 100ms }\n");
        CallExecution first = start(rule, stats);
        first.startAttempt();
        first.failed(new IOException());          // opens the breaker for less than the backoff

        assertThat(stats.retries.sum()).isEqualTo(1);
    }

    @Test
    void observeCountsAFallbackWhereEnforcementWouldHaveServedOne() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 1, abortOn: [java.io.FileNotFoundException] }\n"
                + "    circuitBreaker: { failureThreshold: 2 }\n    fallback: { value: \"\" }\n");
        CallExecution failing = start(rule, stats);
        failing.startAttempt();
        assertThat(failing.failed(new IOException())).isEqualTo(CallExecution.RETURN);
        CallExecution aborted = start(rule, stats);
        aborted.startAttempt();
        assertThat(aborted.failed(new FileNotFoundException())).isEqualTo(CallExecution.RETURN);
        CallExecution refused = start(rule, stats);      // the breaker is open now
        refused.startAttempt();
        refused.succeeded();

        assertThat(stats.fallbacks.sum()).isEqualTo(2);
        assertThat(stats.failures.sum()).isEqualTo(1);   // abortOn is never swallowed
        assertThat(stats.rejections.sum()).isZero();      // no caller got a rejection ...
        assertThat(stats.refusedToFallback.sum()).isEqualTo(1); // ... but one call would have been refused
        assertThat(stats.successes.sum()).isZero();
    }

    @Test
    void observeNeverWaitsForABulkheadPlace() {
        RuleRuntime rule = rule("    mode: observe\n    bulkhead: { maxConcurrent: 1, maxWait: 1h }\n");
        CallExecution holder = start(rule, stats);
        assertThat(holder.startAttempt()).isTrue();

        CallExecution second = new CallExecution().begin(rule, null, stats, Long.MAX_VALUE);
        boolean started = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> second.startAttempt());
        assertThat(started).isTrue();
        second.succeeded();
        holder.succeeded();

        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.successes.sum()).isEqualTo(1);
    }

    @Test
    void observeRecordsNothingInTheBreakerForACallTheBulkheadWouldHaveRefused() {
        RuleRuntime rule = rule("    mode: observe\n    timeout: 1s\n    bulkhead: { maxConcurrent: 1 }\n"
                + "    circuitBreaker: { failureThreshold: 1 }\n");
        RuleRuntime.BreakerHandle breaker = rule.breakerFor("a.B#m()");
        CallExecution holder = new CallExecution().begin(rule, breaker.breaker(), stats, Long.MAX_VALUE);
        holder.startAttempt();
        CallExecution refused = new CallExecution().begin(rule, breaker.breaker(), stats, Long.MAX_VALUE);
        refused.startAttempt();
        clock.advance(Duration.ofSeconds(2));

        assertThat(refused.wouldHaveTimedOut()).as("a rejected call never runs, so never times out").isFalse();
        refused.failed(new IOException());

        assertThat(breaker.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.timeouts.sum()).isZero();
        assertThat(stats.failures.sum()).isZero();
        holder.succeeded();
    }

    @Test
    void observeCountsAnAttemptSlowerThanTheTimeoutAsAWouldBeTimeout() {
        RuleRuntime rule = rule("    mode: observe\n    timeout: 1s\n    retry: { maxAttempts: 2 }\n    circuitBreaker: off\n");
        CallExecution fast = start(rule, stats);
        fast.startAttempt();
        clock.advance(Duration.ofMillis(900));
        assertThat(fast.wouldHaveTimedOut()).isFalse();
        fast.succeeded();

        CallExecution slow = start(rule, stats);
        slow.startAttempt();
        clock.advance(Duration.ofMillis(1500));
        assertThat(slow.wouldHaveTimedOut()).isTrue();
        assertThat(slow.timedOut(new CallTimeoutIOException("svc", "m", Reason.TIMEOUT, "timed out", null), CallTimeoutIOException.class))
                .isEqualTo(CallExecution.RETURN);

        assertThat(stats.timeouts.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isEqualTo(1);    // the agent's timeout is an IOException here
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.successes.sum()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void anEnforcedRuleNeverReportsAWouldBeTimeout() {
        RuleRuntime rule = rule("    timeout: 1s\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        clock.advance(Duration.ofSeconds(5));

        assertThat(call.wouldHaveTimedOut()).isFalse();
    }

    @Test
    void observeCountsAWouldBeRetryOnlyWhileTheBudgetWouldAllowIt() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 3, budget: { ratio: 50%, minPerSecond: 0 } }\n"
                + "    circuitBreaker: off\n");
        for (int i = 0; i < 5; i++) {
            CallExecution call = start(rule, stats);
            call.startAttempt();
            call.failed(new IOException());
        }

        assertThat(stats.retries.sum()).isEqualTo(3);   // the 1st, 3rd and 5th: under 50% of the calls
        assertThat(stats.failures.sum()).isEqualTo(5);
    }

    /** Mutation testing: nothing checked that observing counts no retry where enforcement would make none. */
    @Test
    void observeCountsNoWouldBeRetryWhenTheRuleAllowsOneAttemptOnly() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 1 }\n    circuitBreaker: off\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.RETURN);

        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    @Test
    void observeCountsNoWouldBeRetryForAFailureRetryOnDoesNotList() {
        RuleRuntime rule = rule("    mode: observe\n    retry: { maxAttempts: 3, abortOn: [java.io.FileNotFoundException] }\n"
                + "    circuitBreaker: off\n");
        CallExecution notListed = start(rule, stats);
        notListed.startAttempt();
        notListed.failed(new IllegalStateException("a bug, not an outage"));
        CallExecution aborted = start(rule, stats);
        aborted.startAttempt();
        aborted.failed(new FileNotFoundException("gone"));

        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(2);
    }
}
