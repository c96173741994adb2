package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadContextTest {
    /**
     * Review: an error after a call ended (its frame popped) made the clean-up pop again, which
     * ended the enclosing call's rule too: its nested calls were then protected a second time.
     */
    @Test
    void aFramePoppedTwiceLeavesTheEnclosingCallActive() throws Exception {
        boolean[] outcome = new boolean[3];
        Thread thread = new Thread(() -> { // a fresh thread: a context of its own
            ThreadContext context = ThreadContext.current();
            Frame outer = context.push(7);
            context.deadline = 1_000L;
            Frame inner = context.push(9);
            context.deadline = 500L;

            context.pop(inner);
            context.pop(inner);

            outcome[0] = context.isActive(7);
            outcome[1] = !context.isActive(9);
            outcome[2] = context.deadline == 1_000L;
            context.pop(outer);
        });
        thread.start();
        thread.join();

        assertThat(outcome).containsExactly(true, true, true);
    }
}
