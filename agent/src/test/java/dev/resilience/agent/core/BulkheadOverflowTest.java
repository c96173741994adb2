package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit: a protected call made at every level of a recursion that overflowed the stack lost its
 * bulkhead place for good, in about one run in ten: the attempt forgot the place before giving it
 * back, and the overflow struck in between, so the later clean-up of the cut-short call (the
 * thread's next protected call, {@code ThreadContext#dropStale}) had nothing left to give back.
 * Every call of the rule was refused from then on. Here the place is given back at every depth
 * near the end of the stack, once the clean-up has run.
 */
class BulkheadOverflowTest extends ExecutionFixture {
    private static final int CALLS = 300;

    @Test
    void anOverflowWhileAPlaceIsGivenBackLeavesItToTheCleanUp() {
        RuleRuntime rule = rule("""
                    retry: off
                    timeout: off
                    circuitBreaker: off
                    bulkhead: { maxConcurrent: %d, maxWait: 0ms }
                """.formatted(CALLS));
        int cutShort = 0;
        for (int round = 0; round < 20 && cutShort < 20; round++) {
            CallExecution[] calls = new CallExecution[CALLS];
            for (int i = 0; i < CALLS; i++) {
                calls[i] = start(rule, stats);
                assertThat(calls[i].startAttempt()).isTrue();
            }

            Overflow overflow = new Overflow(calls);
            overflow.descend();
            cutShort += overflow.cutShort;

            for (CallExecution call : calls) {
                call.abandon(); // the clean-up of a call cut short: gives back what it still holds, nothing twice
            }
            assertThat(rule.bulkhead.available()).as("every place back, round %d", round).isGreaterThanOrEqualTo(CALLS);
        }
        assertThat(cutShort).as("releases an overflow struck: the test reached the end of the stack").isPositive();
    }

    /**
     * Recurses until the stack overflows, then gives back one call's place per level on the way up.
     * Array slots and counters only: a call into a collection could overflow the stack too.
     */
    private static final class Overflow {
        final CallExecution[] calls;
        int next;
        int cutShort;

        Overflow(CallExecution[] calls) {
            this.calls = calls;
        }

        void descend() {
            try {
                descend();
            } catch (StackOverflowError bottom) {
                // the deepest levels: each release below starts with less stack than the one above it
            }
            int i = next;
            if (i < calls.length) {
                next = i + 1;
                try {
                    abandonBelow(i % 8, calls[i]); // the release starts with a little less stack each time
                } catch (StackOverflowError cut) {
                    cutShort++;
                }
            }
        }

        private static void abandonBelow(int frames, CallExecution call) {
            if (frames == 0) {
                call.abandon();
            } else {
                abandonBelow(frames - 1, call);
            }
        }
    }
}
