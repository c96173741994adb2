package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure;
import dev.resilience.agent.api.AgentFailure.Reason;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether a failed attempt is followed by another, and after what wait: the rule's retry settings,
 * its retry budget and an enclosing call's deadline decide.
 */
final class RetryDecision {
    /** No further attempt. */
    static final long NO_RETRY = -1L;

    private RetryDecision() {
    }

    /**
     * The wait before retrying after attempt number {@code attempt} failed with {@code error},
     * judged as a {@code judgedAs}, or {@link #NO_RETRY}. A retry decided here is taken from the
     * budget. An interrupted caller is not retried.
     */
    static long afterFailure(RuleRuntime rule, AttemptTiming timing, AttemptAdmission admission, int attempt, Throwable error,
                             Class<?> judgedAs) {
        if (error == null || attempt >= rule.maxAttempts || !isRetryable(rule, error, judgedAs)
                || Thread.currentThread().isInterrupted()) {
            return NO_RETRY;
        }
        return allowedWait(rule, timing, admission, backoff(rule, attempt));
    }

    /**
     * The wait before retrying after attempt number {@code attempt} returned a response with a
     * failing status, or {@link #NO_RETRY}: the server's Retry-After ({@code retryAfterNanos}, -1
     * when it gave none) capped by {@code maxDelay}, or else the backoff.
     */
    static long afterFailedStatus(RuleRuntime rule, AttemptTiming timing, AttemptAdmission admission, int attempt,
                                  long retryAfterNanos) {
        if (attempt >= rule.maxAttempts) {
            return NO_RETRY;
        }
        long wait = retryAfterNanos >= 0 ? Math.min(retryAfterNanos, rule.maxDelayNanos) : backoff(rule, attempt);
        return allowedWait(rule, timing, admission, wait);
    }

    /**
     * {@code mode: observe}: whether enforcement would retry after attempt {@code attempt} failed
     * (with {@code error}, or with a failing status): the same tests, the breaker's included, and
     * the budget decides (and records) the would-be retry, as it would have.
     */
    static boolean wouldRetry(RuleRuntime rule, AttemptAdmission admission, int attempt, Throwable error, Class<?> judgedAs,
                              boolean failingStatus) {
        if (admission.wouldBeRejected() || attempt >= rule.maxAttempts
                || !failingStatus && (error == null || !isRetryable(rule, error, judgedAs))) {
            return false;
        }
        return !admission.breakerRefusesFor(backoff(rule, attempt)) && (rule.budget == null || rule.budget.tryAcquireRetry());
    }

    /**
     * True when {@code error}, judged as a {@code judgedAs}, is one {@code retryOn} lists and
     * {@code abortOn} does not; the agent's refusals (open circuit, full bulkhead) never are,
     * its timeouts are.
     */
    static boolean isRetryable(RuleRuntime rule, Throwable error, Class<?> judgedAs) {
        return rule.retryOn.matches(judgedAs) && !rule.abortOn.matches(judgedAs)
                && !(error instanceof AgentFailure failure && failure.reason() != Reason.TIMEOUT)
                && !signalsInterruptOfCaller(error);
    }

    /**
     * What an interrupt of the calling thread becomes inside a client that consumed it: the caller is
     * being stopped ({@code Future.cancel(true)}, a shutdown), which is no failure to retry (the
     * contract: an interrupted caller stops retrying). The agent's own interrupts (interrupt-mode
     * timeouts) never get here: they end the attempt as timed out. A {@code SocketTimeoutException},
     * though an {@code InterruptedIOException} subclass, is a timeout and stays retryable.
     */
    static boolean signalsInterruptOfCaller(Throwable error) {
        return error.getClass() == InterruptedIOException.class || error instanceof ClosedByInterruptException
                || error instanceof InterruptedException;
    }

    private static long backoff(RuleRuntime rule, int attempt) {
        return rule.backoff.delayNanos(attempt, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@code wait}, when the enclosing deadline leaves room for it, the breaker will not surely
     * refuse the retry then (it stays open past the wait: the call ends now rather than after it,
     * and takes nothing from the budget), and the budget allows one more retry.
     */
    private static long allowedWait(RuleRuntime rule, AttemptTiming timing, AttemptAdmission admission, long wait) {
        if (!timing.leavesRoomFor(wait) || admission.breakerRefusesFor(wait)
                || rule.budget != null && !rule.budget.tryAcquireRetry()) {
            return NO_RETRY;
        }
        return wait;
    }
}
