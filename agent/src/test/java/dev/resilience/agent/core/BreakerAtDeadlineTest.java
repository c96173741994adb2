package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.CallTimeoutIOException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: under {@code timeout.mode: interrupt} a body deaf to interrupts ran on past its deadline,
 * and the breaker heard of the timeout only when it returned: a HALF_OPEN trial held its round
 * (every other caller refused) and a CLOSED breaker counted none of the calls hanging. The
 * interrupt timer now tells the breaker at the deadline ({@link CallExecution#deadlinePassed}).
 */
class BreakerAtDeadlineTest extends ExecutionFixture {
    private static final Throwable TIMEOUT = new CallTimeoutIOException("svc", "B#m()", Reason.TIMEOUT,
            "rule svc, B#m(): timed out after 1s", null);

    private RuleRuntime interruptRule(String breaker) {
        return rule("    retry: off\n    timeout: { duration: 1s, mode: interrupt }\n    circuitBreaker: " + breaker + "\n");
    }

    @Test
    void theBreakerCountsTheTimeoutAtTheDeadlineAndOnlyOnce() {
        RuleRuntime rule = interruptRule("{ failureThreshold: 2 }");
        CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();

        CallExecution hanging = start(rule, stats);
        hanging.startAttempt();
        hanging.deadlinePassed(TIMEOUT);              // the timer's thread; the body runs on
        assertThat(hanging.timedOut(TIMEOUT, CallTimeoutIOException.class)).isEqualTo(CallExecution.FAIL);
        assertThat(breaker.state()).as("one failure, not two").isEqualTo(CLOSED);
        assertThat(stats.timeouts.sum()).isEqualTo(1);

        CallExecution next = start(rule, stats);
        next.startAttempt();
        next.deadlinePassed(TIMEOUT);

        assertThat(breaker.state()).as("open while the second body still runs").isEqualTo(OPEN);
        next.timedOut(TIMEOUT, CallTimeoutIOException.class);
        assertThat(transitions).singleElement().asString().startsWith("breaker svc CLOSED -> OPEN (2 consecutive failures");
    }

    @Test
    void aTrialPastItsDeadlineOpensTheCircuitAgainAtOnce() {
        RuleRuntime rule = interruptRule("{ failureThreshold: 1, openDuration: 10s }");
        CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
        CallExecution first = start(rule, stats);
        first.startAttempt();
        first.failed(new IOException("down"));
        clock.advance(Duration.ofSeconds(10));

        CallExecution trial = start(rule, stats);
        assertThat(trial.startAttempt()).isTrue();
        assertThat(breaker.state()).isEqualTo(HALF_OPEN);
        trial.deadlinePassed(TIMEOUT);

        assertThat(breaker.state()).isEqualTo(OPEN);
        assertThat(transitions).last().asString()
                .startsWith("breaker svc HALF_OPEN -> OPEN (trial call failed: dev.resilience.agent.api.CallTimeoutIOException");
        trial.timedOut(TIMEOUT, CallTimeoutIOException.class);
        assertThat(transitions).hasSize(3);
    }

    @Test
    void aBodyThatEndedBeforeTheTimerFiredIsReportedByItsCallerAlone() {
        RuleRuntime rule = interruptRule("{ failureThreshold: 1 }");
        CallExecution call = start(rule, stats);
        call.startAttempt();

        call.timedOut(TIMEOUT, CallTimeoutIOException.class); // a late timer: the caller saw the deadline pass first

        assertThat(rule.breakerFor("a.B#m()").breaker().state()).isEqualTo(OPEN);
    }
}
