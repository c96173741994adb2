package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review: deciding whether a breaker's line names the failing method reads the failure's cause on
 * every failed attempt; an application exception whose {@code getCause()} fails with an Error
 * (a lazily loaded cause whose class is missing) escaped, and the call ran unprotected.
 */
class FailureNamingSafetyTest extends ExecutionFixture {

    private static final class LazyCauseException extends IOException {
        LazyCauseException() {
            super("backend down");
        }

        @Override
        public synchronized Throwable getCause() {
            throw new NoClassDefFoundError("com/example/RemoteCause");
        }
    }

    @Test
    void aFailureWhoseCauseCannotBeReadIsStillRetriedAndCounted() {
        RuleRuntime rule = rule("    retry: { maxAttempts: 2, delay: 1ms }\n    circuitBreaker: { failureThreshold: 1 }\n");
        CallExecution call = start(rule, new CallStats("a.B#m()"));
        call.startAttempt();

        assertThat(call.failed(new LazyCauseException())).isEqualTo(CallExecution.FAIL); // the breaker opened: no retry
        assertThat(transitions).singleElement().asString().endsWith(", in a.B#m())");
    }
}
