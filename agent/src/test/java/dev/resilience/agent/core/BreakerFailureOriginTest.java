package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.CallTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator audit: a breaker several methods share (the default {@code scope: rule}) opened with
 * "5 consecutive failures, last: java.net.ConnectException: Connection refused", which did not say
 * which of the rule's methods, and so which service, was failing. The reason now names it.
 */
class BreakerFailureOriginTest extends BreakerFixture {
    private static final String METHOD = "a.Client#get(java.lang.String)";

    @Test
    void aConsecutiveBreakerNamesTheMethodWhoseFailureOpenedIt() {
        CircuitBreaker breaker = breaker(consecutive(2, 1));
        breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("first"), "a.Client#put()");
        breaker.onFailure(breaker.acquirePermit(), FAST, new ConnectException("Connection refused"), METHOD);

        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: 2 consecutive failures, last: java.net.ConnectException: Connection refused, in " + METHOD);
    }

    @Test
    void aFailedTrialNamesItsMethod() {
        CircuitBreaker breaker = openConsecutive(1);
        clock.advance(OPEN_DURATION);
        CircuitBreaker.Permit trial = breaker.acquirePermit();

        breaker.onFailure(trial, FAST, new ConnectException("Connection refused"), METHOD);

        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(transitions.seen).last()
                .isEqualTo("HALF_OPEN->OPEN: trial call failed: java.net.ConnectException: Connection refused, in " + METHOD);
    }

    @Test
    void aRateBreakerNamesTheFailureThatTippedTheRateAndItsMethod() {
        CircuitBreaker breaker = breaker(rate(0.5, 2, 2, null, 0));
        breaker.onSuccess(breaker.acquirePermit(), FAST);
        breaker.onFailure(breaker.acquirePermit(), FAST, new IOException("down"), METHOD);

        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: failure rate 50% >= 50% over last 2 calls, last: java.io.IOException: down, in " + METHOD);
    }

    /**
     * The rule's own timeout names the method in its message; another rule's failure, or the
     * application's exception wrapping one, does not name this rule's method (review).
     */
    @Test
    void aFailureOfTheRulesOwnMakingIsNotNamedTwice() {
        Calls calls = new Calls();
        RuleRuntime rule = calls.rule("    circuitBreaker: { failureThreshold: 1, openDuration: 1s }\n");
        failOnce(rule, timeout("svc"));
        calls.clock.advance(java.time.Duration.ofSeconds(1));

        failOnce(rule, new IllegalStateException("order could not be placed", timeout("inner")));

        assertThat(calls.transitions.get(0)).endsWith("timed out after 1s)");
        assertThat(calls.transitions).last().asString()
                .endsWith("trial call failed: java.lang.IllegalStateException: order could not be placed, in " + METHOD + ")");
    }

    /** One call of {@code METHOD} under {@code rule}, whose one attempt fails with {@code error}. */
    private static void failOnce(RuleRuntime rule, Throwable error) {
        CallExecution call = ExecutionFixture.start(rule, new CallStats(METHOD));
        call.startAttempt();
        call.failed(error);
    }

    private static CallTimeoutException timeout(String rule) {
        return new CallTimeoutException(rule, "B#m()", Reason.TIMEOUT, "rule " + rule + ", B#m(): timed out after 1s", null);
    }

    @Test
    void withoutAMethodTheReasonIsAsBefore() {
        CircuitBreaker breaker = breaker(consecutive(1, 1));
        breaker.onFailure(breaker.acquirePermit(), FAST, new ConnectException("Connection refused"), null);

        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: 1 consecutive failure, last: java.net.ConnectException: Connection refused");
    }

    /** Through a call: named for the rule's shared breaker; a {@code scope: method} breaker's label names it already. */
    @Test
    void aCallNamesItsMethodOnlyForABreakerTheRuleShares() {
        Calls calls = new Calls();
        RuleRuntime shared = calls.rule("    circuitBreaker: { failureThreshold: 1 }\n");
        failOnce(shared, new IOException("down"));

        RuleRuntime perMethod = calls.rule("    circuitBreaker: { failureThreshold: 1, scope: method }\n");
        failOnce(perMethod, new IOException("down"));

        assertThat(calls.transitions).containsExactly(
                "breaker svc CLOSED -> OPEN (1 consecutive failure, last: java.io.IOException: down, in " + METHOD + ")",
                "breaker svc a.B#m() CLOSED -> OPEN (1 consecutive failure, last: java.io.IOException: down)");
    }

    private static final class Calls extends ExecutionFixture {
    }
}
