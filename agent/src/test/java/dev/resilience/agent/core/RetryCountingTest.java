package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry attempt is counted when it starts. Counted when decided and taken back when refused
 * (audit), a scrape during the backoff saw it, and the exported counters, which never go down,
 * kept that higher value for good.
 */
class RetryCountingTest extends ExecutionFixture {
    @Test
    void aDecidedRetryCountsOnlyOnceItStarts() {
        CallExecution call = start(rule("    retry: { maxAttempts: 3, delay: 10ms }\n    circuitBreaker: off\n"), stats);
        call.startAttempt();
        assertThat(call.failed(new IOException("1"))).isEqualTo(CallExecution.RETRY);
        assertThat(stats.retries.sum()).as("during the backoff").isZero();

        assertThat(call.awaitBackoff()).isTrue();
        assertThat(call.startAttempt()).isTrue();

        assertThat(stats.retries.sum()).isEqualTo(1);
    }

    @Test
    void aRetryTheCircuitOpenedDuringItsBackoffRefusesIsNeverCounted() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 10ms }\n    circuitBreaker: { failureThreshold: 2, openDuration: 1m }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failed(new IOException("first"))).isEqualTo(CallExecution.RETRY);
        CallExecution other = start(rule, stats);   // another call's failure opens the circuit meanwhile
        other.startAttempt();
        assertThat(other.failed(new IOException("opens"))).isEqualTo(CallExecution.FAIL);

        assertThat(call.awaitBackoff()).isTrue();
        assertThat(call.startAttempt()).isFalse();
        assertThat(call.refused()).isEqualTo(CallExecution.FAIL);

        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(2);
    }

    /** A circuit that will still be open when the retry is due would refuse it: no wait for nothing. */
    @Test
    void aRetryTheCircuitWouldRefuseIsNotWaitedFor() {
        CallExecution call = start(rule("    retry: { maxAttempts: 3, delay: 10s }\n"
                + "    circuitBreaker: { failureThreshold: 1, openDuration: 1m }\n"), stats);
        call.startAttempt();

        assertThat(call.failed(new IOException("opens the circuit"))).isEqualTo(CallExecution.FAIL);

        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    /** One whose backoff outlasts the open period is still made: the breaker lets a trial call through by then. */
    @Test
    void aRetryDueAfterTheOpenPeriodIsStillMade() {
        CallExecution call = start(rule("    retry: { maxAttempts: 3, delay: 2s }\n"
                + "    circuitBreaker: { failureThreshold: 1, openDuration: 1s }\n"), stats);
        call.startAttempt();

        assertThat(call.failed(new IOException("opens the circuit"))).isEqualTo(CallExecution.RETRY);
        assertThat(call.awaitBackoff()).isTrue();
        assertThat(call.startAttempt()).as("HALF_OPEN: the trial call").isTrue();
    }

    @Test
    void aRetryTheCallerIsInterruptedBeforeIsNeverCounted() {
        CallExecution call = start(rule("    retry: { maxAttempts: 3, delay: 10ms }\n    circuitBreaker: off\n"), stats);
        call.startAttempt();
        assertThat(call.failed(new IOException("1"))).isEqualTo(CallExecution.RETRY);

        assertThat(call.interruptedDuringBackoff()).isEqualTo(CallExecution.FAIL);

        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
    }
}
