package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class AgentErrorsTest {
    @Test
    void theReasonIsTheInnermostCauseInOneLine() {
        Exception error = new RuntimeException("outer", new IllegalStateException("no configuration"));

        assertThat(AgentErrors.reason(error)).isEqualTo("java.lang.IllegalStateException: no configuration");
        assertThat(AgentErrors.reason(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    /** Review: a cause cycle of two (legal) made the walk loop for ever, on the application's thread. */
    @Test
    @Timeout(5)
    void aCycleOfCausesEndsTheWalk() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);

        assertThat(AgentErrors.reason(a)).startsWith("java.lang.Exception: ");
    }
}
