package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class FutureFailuresTest {
    @Test
    void aFailureIsClassifiedByTheCauseUnderItsWrappers() {
        IOException cause = new IOException("down");

        assertThat(FutureFailures.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
        assertThat(FutureFailures.unwrap(cause)).isSameAs(cause);
        CompletionException empty = new CompletionException("no cause", null);
        assertThat(FutureFailures.unwrap(empty)).isSameAs(empty);
    }

    /** Audit: a looping cause chain (which the JDK allows) kept the caller's thread spinning for ever. */
    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a spinning loop ignores interrupts
    void aChainThatLoopsEndsAsTheFutureGaveIt() {
        CompletionException outer = new CompletionException("outer") { }; // its cause not set yet, so it can be
        CompletionException inner = new CompletionException("inner", outer);
        outer.initCause(inner);
        ExecutionException self = new ExecutionException("self", null) {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };

        assertThat(FutureFailures.unwrap(outer)).isSameAs(outer);
        assertThat(FutureFailures.unwrap(self)).isSameAs(self);
        assertThat(FutureFailures.unwrap(new CompletionException(self))).isSameAs(self);
    }
}
