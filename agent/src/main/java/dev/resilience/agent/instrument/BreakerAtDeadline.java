package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CallExecution;

/**
 * Run by the interrupt timer when an attempt whose body runs on the caller's thread passes its
 * deadline: the breaker counts the timeout then, while a body deaf to interrupts runs on (see
 * {@code AttemptAdmission.failedAtDeadline}). One per {@link Frame}, made with it: arming
 * allocates nothing. A named class, not a lambda: frames are made on the first protected calls.
 */
final class BreakerAtDeadline implements Runnable {
    private final Frame frame;

    BreakerAtDeadline(Frame frame) {
        this.frame = frame;
    }

    /** On the timer's thread. The frame's binding and timing were set before the timer was armed, and stay until it is disarmed. */
    @Override
    public void run() {
        Binding binding = frame.binding;
        CallExecution execution = frame.execution;
        execution.deadlinePassed(binding.failures().ownTimeout(binding.rule(), execution.timing().cutLimitNanos()));
    }
}
