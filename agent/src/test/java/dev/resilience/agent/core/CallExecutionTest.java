package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.CallTimeoutIOException;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A call's decisions attempt by attempt under enforcement: retries, the breaker, timeouts, fallbacks, deadlines, failing HTTP statuses. */
class CallExecutionTest extends ExecutionFixture {
    @Test
    void aSuccessOnTheFirstAttemptIsOneSuccessAndNoRetry() {
        CallExecution call = start(rule(""), stats);

        assertThat(call.startAttempt()).isTrue();
        assertThat(call.succeeded()).isEqualTo(CallExecution.RETURN);
        assertThat(stats.successes.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isZero();
    }

    @Test
    void retriesRetryableFailuresWithBackoffThenRethrowsTheLastWithEarlierSuppressed() {
        CallExecution call = start(rule("    retry: { maxAttempts: 3, delay: 500ms, multiplier: 1.5 }\n"), stats);
        IOException first = new IOException("1");
        IOException second = new IOException("2");
        IOException third = new IOException("3");

        call.startAttempt();
        assertThat(call.failed(first)).isEqualTo(CallExecution.RETRY);
        assertThat(call.awaitBackoff()).isTrue();
        call.startAttempt();
        assertThat(call.failed(second)).isEqualTo(CallExecution.RETRY);
        assertThat(call.awaitBackoff()).isTrue();
        call.startAttempt();
        assertThat(call.failed(third)).isEqualTo(CallExecution.FAIL);

        assertThat(call.failure()).isSameAs(third);
        assertThat(third.getSuppressed()).containsExactly(first, second);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(500).toNanos(), Duration.ofMillis(750).toNanos());
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.retries.sum()).isEqualTo(2);
        assertThat(stats.successes.sum()).isZero();
    }

    /** Contract: an interrupted caller stops retrying; a client that consumed the interrupt says so by these exceptions. */

    @Test
    void whatAClientMakesOfTheCallersInterruptIsNotRetriedButASocketTimeoutIs() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 10ms }\n");
        for (Throwable interrupt : new Throwable[] {new java.io.InterruptedIOException("interrupted"),
                new java.nio.channels.ClosedByInterruptException()}) {
            CallExecution call = start(rule, stats);
            call.startAttempt();
            assertThat(call.failed(interrupt)).as(interrupt.toString()).isEqualTo(CallExecution.FAIL);
            assertThat(call.failure()).isSameAs(interrupt);
        }
        CallExecution timedOut = start(rule, stats);
        timedOut.startAttempt();
        assertThat(timedOut.failed(new java.net.SocketTimeoutException("read timed out"))).isEqualTo(CallExecution.RETRY);
    }

    /** A future's caller cancelled while the retry waited: the retry never ran, the call failed with its last failure. */

    @Test
    void aCallCancelledBeforeItsRetryIsOneFailureAndNoRetry() {
        CallExecution call = start(rule("    retry: { maxAttempts: 3, delay: 10ms }\n"), stats);
        IOException first = new IOException("1");

        call.startAttempt();
        assertThat(call.failed(first)).isEqualTo(CallExecution.RETRY);
        assertThat(call.endedByCaller()).isEqualTo(CallExecution.FAIL);

        assertThat(call.failure()).isSameAs(first);
        assertThat(stats.retries.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    @Test
    void aCallThatSucceedsOnItsThirdAttemptIsOneSuccessAndTwoRetries() {
        CallExecution call = start(rule(""), stats);

        call.startAttempt();
        call.failed(new IOException());
        call.awaitBackoff();
        call.startAttempt();
        call.failed(new IOException());
        call.awaitBackoff();
        call.startAttempt();

        assertThat(call.succeeded()).isEqualTo(CallExecution.RETURN);
        assertThat(stats.successes.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isZero();
        assertThat(stats.retries.sum()).isEqualTo(2);
    }

    @Test
    void abortOnIsNeverRetriedEvenWhenRetryOnMatches() {
        CallExecution call = start(rule("    retry: { abortOn: [java.io.FileNotFoundException] }\n"), stats);

        call.startAttempt();

        assertThat(call.failed(new FileNotFoundException())).isEqualTo(CallExecution.FAIL);
        assertThat(stats.retries.sum()).isZero();
    }

    @Test
    void exceptionsOutsideRetryOnAreNotRetried() {
        CallExecution call = start(rule(""), stats);

        call.startAttempt();

        assertThat(call.failed(new IllegalStateException())).isEqualTo(CallExecution.FAIL);
    }

    @Test
    void anOpenCircuitRejectsTheFirstAttemptWithoutRunningIt() {
        RuleRuntime rule = rule("    retry: off\n    circuitBreaker: { failureThreshold: 2 }\n");
        for (int i = 0; i < 2; i++) {
            CallExecution call = start(rule, stats);
            call.startAttempt();
            call.failed(new IOException());
        }

        CallExecution rejected = start(rule, stats);

        assertThat(rejected.startAttempt()).isFalse();
        assertThat(rejected.refused()).isEqualTo(CallExecution.REJECT);
        assertThat(rejected.rejection()).isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(stats.rejections.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isEqualTo(2);
        assertThat(transitions).singleElement().asString().startsWith("breaker svc CLOSED -> OPEN");
    }

    @Test
    void aCircuitOpenedByThisCallsRetriesEndsItWithTheLastRealFailure() {
        CallExecution call = start(rule("    retry: { maxAttempts: 5, delay: 10ms }\n    circuitBreaker: { failureThreshold: 2 }\n"), stats);
        IOException last = new IOException("last");

        call.startAttempt();
        call.failed(new IOException("first"));
        call.awaitBackoff();
        call.startAttempt();
        // the circuit this failure opens would refuse the retry: the call ends now, not after the backoff
        assertThat(call.failed(last)).isEqualTo(CallExecution.FAIL);
        assertThat(sleeper.sleeps()).hasSize(1);
        assertThat(call.failure()).isSameAs(last);
        assertThat(last.getSuppressed()).hasSize(1);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(stats.rejections.sum()).isZero();
    }

    @Test
    void aTimedOutAttemptCountsAsATimeoutAndABreakerFailureAndIsRetriedAsAnIOException() {
        RuleRuntime rule = rule("    circuitBreaker: { failureThreshold: 1 }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();

        int decision = call.timedOut(new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "timed out", null), CallTimeoutIOException.class);

        assertThat(stats.timeouts.sum()).isEqualTo(1);
        assertThat(transitions).singleElement().asString().contains("CLOSED -> OPEN");
        // retryable per retryOn, but the now-open circuit would refuse the retry: the call fails at once
        assertThat(decision).isEqualTo(CallExecution.FAIL);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(call.lastAttemptTimedOut()).isTrue();
    }

    /**
     * Regression (audit): with {@code onFailure.exception} the caller sees another type, but a
     * timeout is retried as the agent's own timeout, as the contract's built-in defaults say.
     */

    @Test
    void aTimeoutIsJudgedAsTheAgentsOwnTypeWhateverTheCallerIsShown() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 2, abortOn: [java.lang.IllegalStateException] }\n");
        java.io.UncheckedIOException shown = new java.io.UncheckedIOException("timed out", new IOException());
        CallExecution call = start(rule, stats);
        call.startAttempt();

        assertThat(call.timedOut(shown, CallTimeoutIOException.class)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();
        assertThat(call.timedOut(shown, CallTimeoutIOException.class)).isEqualTo(CallExecution.FAIL);
        assertThat(call.failure()).isSameAs(shown); // what the caller gets is unchanged
        assertThat(stats.timeouts.sum()).isEqualTo(2);
        assertThat(stats.retries.sum()).isEqualTo(1);

        // judged by its own type, the same exception is not retried (retryOn is IOException only)
        CallExecution direct = start(rule, stats);
        direct.startAttempt();
        assertThat(direct.timedOut(shown, shown.getClass())).isEqualTo(CallExecution.FAIL);
        // and a timeout judged as an unchecked type is not retried either
        CallExecution unchecked = start(rule, stats);
        unchecked.startAttempt();
        assertThat(unchecked.timedOut(shown, dev.resilience.agent.api.CallTimeoutException.class)).isEqualTo(CallExecution.FAIL);
    }

    /**
     * Audit: onFailure's class was made for every timed-out attempt, so the earlier attempts'
     * failures, attached as suppressed, were the application's class too, and the application's
     * constructor ran once per attempt. It is made once, from the timeout the call ends with.
     */
    @Test
    void onFailuresClassIsMadeOnceFromTheTimeoutTheCallEndsWithNotForEachAttempt() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3 }\n");
        java.util.List<Throwable> madeFrom = new java.util.ArrayList<>();
        ShownFailure shownAs = own -> {
            madeFrom.add(own);
            return new java.io.UncheckedIOException(own.getMessage(), (IOException) own);
        };
        CallTimeoutIOException first = new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "first", null);
        CallTimeoutIOException second = new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "second", null);
        CallTimeoutIOException third = new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "third", null);
        CallExecution call = start(rule, stats);

        call.startAttempt();
        assertThat(call.timedOut(first, CallTimeoutIOException.class, shownAs)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();
        assertThat(call.timedOut(second, CallTimeoutIOException.class, shownAs)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();
        assertThat(call.timedOut(third, CallTimeoutIOException.class, shownAs)).isEqualTo(CallExecution.FAIL);

        assertThat(madeFrom).containsExactly(third);
        assertThat(call.failure()).isInstanceOf(java.io.UncheckedIOException.class).hasCause(third);
        assertThat(call.failure().getSuppressed()).containsExactly(first, second);
        assertThat(stats.timeouts.sum()).isEqualTo(3);
    }

    /** A call whose last attempt failed on its own after an earlier timeout ends with that failure, unconverted. */
    @Test
    void aCallEndingWithTheBodysOwnFailureAfterATimeoutIsNotShownAsOnFailuresClass() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 2 }\n");
        ShownFailure shownAs = own -> new IllegalStateException("made");
        CallTimeoutIOException timeout = new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT, "first", null);
        IOException own = new IOException("down");
        CallExecution call = start(rule, stats);

        call.startAttempt();
        assertThat(call.timedOut(timeout, CallTimeoutIOException.class, shownAs)).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();
        assertThat(call.failed(own)).isEqualTo(CallExecution.FAIL);

        assertThat(call.failure()).isSameAs(own);
        assertThat(own.getSuppressed()).containsExactly(timeout);
    }

    /** README: asynchronous timeouts are retried once retryOn names java.util.concurrent.TimeoutException. */

    @Test
    void anAsynchronousTimeoutIsRetriedWhenRetryOnNamesTimeoutException() {
        Class<dev.resilience.agent.api.AsyncCallTimeoutException> async = dev.resilience.agent.api.AsyncCallTimeoutException.class;
        Throwable timeout = new dev.resilience.agent.api.AsyncCallTimeoutException("svc", "B#m()", Reason.TIMEOUT, "timed out", null);
        CallExecution byDefault = start(rule(""), stats);
        byDefault.startAttempt();
        assertThat(byDefault.timedOut(timeout, async)).isEqualTo(CallExecution.FAIL);

        CallExecution named = start(rule("    retry: { retryOn: [java.util.concurrent.TimeoutException] }\n"), stats);
        named.startAttempt();
        assertThat(named.timedOut(timeout, async)).isEqualTo(CallExecution.RETRY);
    }

    @Test
    void ignoreOnExceptionsAreNotCountedByTheBreaker() {
        RuleRuntime rule = rule("    retry: off\n    circuitBreaker: { failureThreshold: 1, ignoreOn: [java.lang.IllegalArgumentException] }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        call.failed(new IllegalArgumentException());

        assertThat(start(rule, stats).startAttempt()).isTrue();
        assertThat(transitions).isEmpty();
    }

    @Test
    void aFallbackIsServedAfterTheLastFailureButNeverForAbortOn() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 1, abortOn: [java.io.FileNotFoundException] }\n    fallback: { value: \"\" }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.FALLBACK);
        call.fallbackServed();

        CallExecution aborted = start(rule, stats);
        aborted.startAttempt();
        assertThat(aborted.failed(new FileNotFoundException())).isEqualTo(CallExecution.FAIL);
        assertThat(stats.fallbacks.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    /** Audit: an assertion failing in the body came back as the fallback's value, and counted as a fallback. */
    @Test
    void aFallbackNeverHidesAnError() {
        RuleRuntime rule = rule("    fallback: { value: \"\" }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        AssertionError bug = new AssertionError("a bug in the client");

        assertThat(call.failed(bug)).isEqualTo(CallExecution.FAIL);

        assertThat(call.failure()).isSameAs(bug);
        assertThat(stats.fallbacks.sum()).isZero();
        assertThat(stats.failures.sum()).isEqualTo(1);
    }

    @Test
    void aBulkheadWaitIsCutToTheEnclosingDeadline() {
        RuleRuntime rule = rule("    bulkhead: { maxConcurrent: 1, maxWait: 1h }\n    circuitBreaker: off\n");
        CallExecution holder = start(rule, stats);
        holder.startAttempt();
        CallExecution inner = new CallExecution().begin(rule, null, stats, clock.nanoTime() + Duration.ofMillis(50).toNanos());

        boolean started = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> inner.startAttempt());

        assertThat(started).isFalse();
        assertThat(inner.refused()).isEqualTo(CallExecution.REJECT);
        assertThat(inner.rejection()).isEqualTo(Reason.BULKHEAD_FULL);
        holder.succeeded();
    }

    @Test
    void noRetryWaitsPastTheEnclosingDeadline() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 1s }\n");
        RuleRuntime.BreakerHandle breaker = rule.breakerFor("m");
        CallExecution call = new CallExecution().begin(rule, breaker.breaker(), stats, clock.nanoTime() + Duration.ofMillis(800).toNanos());

        call.startAttempt();

        assertThat(call.timing().attemptTimeoutNanos()).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.FAIL);
    }

    /**
     * Audit: an inner call whose enclosing deadline had passed never ran, yet its breaker counted a
     * failure, so a slow outer body opened the breaker of a healthy inner service.
     */
    @Test
    void anAttemptThatFoundTheEnclosingDeadlinePassedIsATimeoutButNotABreakerFailure() {
        RuleRuntime rule = rule("    retry: off\n    timeout: 5s\n    circuitBreaker: { failureThreshold: 1 }\n");
        RuleRuntime.BreakerHandle breaker = rule.breakerFor("m");
        CallExecution call = new CallExecution().begin(rule, breaker.breaker(), stats, clock.nanoTime() + Duration.ofMillis(100).toNanos());
        clock.advance(Duration.ofMillis(100));

        assertThat(call.startAttempt()).isTrue();
        assertThat(call.timing().attemptTimeoutNanos()).isNegative();
        assertThat(call.timedOut(new CallTimeoutIOException("svc", "m", Reason.TIMEOUT, "late", null),
                CallTimeoutIOException.class)).isEqualTo(CallExecution.FAIL);

        assertThat(stats.timeouts.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isEqualTo(1);
        assertThat(breaker.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(transitions).isEmpty();

        CallExecution ran = new CallExecution().begin(rule, breaker.breaker(), stats, Long.MAX_VALUE);
        assertThat(ran.startAttempt()).isTrue();
        ran.timing().attemptTimeoutNanos();
        ran.timedOut(new CallTimeoutIOException("svc", "m", Reason.TIMEOUT, "late", null), CallTimeoutIOException.class);
        assertThat(breaker.breaker().state()).as("a timeout of a body that ran still counts").isEqualTo(CircuitBreaker.State.OPEN);
    }

    /**
     * Review: an inner call made past the enclosing deadline asked its breaker first, so an open
     * circuit made it a rejection, and an expired one went HALF_OPEN (a transition logged) for a
     * trial nobody made. It times out before it starts whatever the breaker's state, and leaves it be.
     */
    @Test
    void anAttemptPastTheEnclosingDeadlineTimesOutWithoutAskingTheBreaker() {
        RuleRuntime rule = rule("    retry: off\n    timeout: 5s\n    circuitBreaker: { failureThreshold: 1, openDuration: 1s }\n");
        RuleRuntime.BreakerHandle breaker = rule.breakerFor("m");
        CallExecution opening = new CallExecution().begin(rule, breaker.breaker(), stats, Long.MAX_VALUE);
        opening.startAttempt();
        opening.failed(new IOException());
        assertThat(breaker.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        List<String> opened = List.copyOf(transitions);

        for (Duration later : List.of(Duration.ofMillis(500), Duration.ofSeconds(1))) { // open, then past openDuration
            clock.advance(later);
            CallExecution call = new CallExecution().begin(rule, breaker.breaker(), stats, clock.nanoTime());

            assertThat(call.startAttempt()).as("not refused by the open circuit").isTrue();
            assertThat(call.timing().attemptTimeoutNanos()).isNegative();
            assertThat(call.timedOut(new CallTimeoutIOException("svc", "m", Reason.TIMEOUT, "late", null),
                    CallTimeoutIOException.class)).isEqualTo(CallExecution.FAIL);
        }

        assertThat(stats.timeouts.sum()).isEqualTo(2);
        assertThat(stats.rejections.sum()).isZero();
        assertThat(breaker.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(transitions).isEqualTo(opened);
        CallExecution trial = new CallExecution().begin(rule, breaker.breaker(), stats, Long.MAX_VALUE);
        assertThat(trial.startAttempt()).as("the trial is still there for the next call").isTrue();
        assertThat(breaker.breaker().state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void anInterruptDuringBackoffStopsRetryingAndKeepsTheFlag() {
        CallExecution call = start(rule(""), stats);
        IOException failure = new IOException();
        call.startAttempt();
        assertThat(call.failed(failure)).isEqualTo(CallExecution.RETRY);

        Thread.currentThread().interrupt();

        assertThat(call.awaitBackoff()).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(call.interruptedDuringBackoff()).isEqualTo(CallExecution.FAIL);
        assertThat(call.failure()).isSameAs(failure);
        assertThat(stats.retries.sum()).isZero();
    }

    @Test
    void aRetryBudgetStopsRetriesOnceSpent() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 5, delay: 1ms, budget: { ratio: 10%, minPerSecond: 1 } }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.RETRY);
        call.awaitBackoff();
        call.startAttempt();

        assertThat(call.failed(new IOException())).isEqualTo(CallExecution.FAIL);
        assertThat(stats.retries.sum()).isEqualTo(1);
    }

    @Test
    void aRetryRefusedByAnOpenCircuitEndsWithTheLastFailureAndIsNoRetryAttempt() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 3, delay: 100ms }\n    circuitBreaker: { failureThreshold: 2 }\n");
        CallExecution call = start(rule, stats);
        call.startAttempt();
        call.failed(new IOException("1"));
        call.awaitBackoff();
        call.startAttempt();
        IOException second = new IOException("2");
        assertThat(call.failed(second)).isEqualTo(CallExecution.FAIL);   // the circuit it opens would refuse a retry
        assertThat(call.failure()).isSameAs(second);
        assertThat(stats.retries.sum()).isEqualTo(1);
        assertThat(stats.failures.sum()).isEqualTo(1);
    }
}
