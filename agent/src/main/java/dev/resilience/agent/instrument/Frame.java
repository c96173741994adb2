package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CallExecution;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.ThreadCells;

/**
 * The state of one inline protected call, held in the advice's local variable between enter and
 * exit. Reused per thread and nesting depth. Public only because inlined advice code in the
 * application's classes must be able to touch it. Confined to its thread.
 */
public final class Frame {
    /** The thread's context, kept here so exit advice need not look it up again. */
    final ThreadContext context;
    final CallExecution execution;
    /** The thread's counting cells (null for an asynchronous call's frame). */
    final ThreadCells cells;
    Site site;
    Binding binding;
    boolean skip;
    Object value;
    Throwable error;
    /** The running hand-off attempt's outcome is in {@link #value}/{@link #error} (a void or null result included). */
    boolean settled;
    /**
     * The running hand-off attempt's body has started, or was given to a worker: until the attempt
     * is {@link #settled}, an agent failure must not let the advice run the body again.
     */
    boolean attemptStarted;
    long savedDeadline;
    long interruptHandle = -1;
    /** The deadline the interrupt was armed for, valid while {@link #interruptHandle} is set. */
    long interruptDeadline;
    /**
     * A call nested in this one took the interrupt of this call's deadline too and set the flag again
     * for this call ({@code Dispatch.owe}): the flag is this call's to clear when it ends.
     */
    boolean interruptOwed;
    /** This call timed out in interrupt mode: once it ends, an enclosing call whose deadline passed too is owed its interrupt. */
    boolean oweEnclosing;
    /**
     * The call was started by the light path: {@link #execution} has not been begun, and
     * {@link #permit} holds the breaker's permit for the first attempt.
     */
    boolean light;
    CircuitBreaker.Permit permit;
    /**
     * The agent's own code failed around this call (a stack overflow, say) where it could not end the
     * call, so it may still be on its thread's stack of calls: the thread's next protected call ends it
     * ({@link ThreadContext#isActive}). Set by the woven code's handler with a plain field store, which
     * needs no stack, where a method call would overflow again; public for that reason.
     */
    public boolean stale;

    /** Its place in its thread's stack of calls ({@link ThreadContext#push}); -1 for an asynchronous call's frame. */
    final int slot;

    Frame(ThreadContext context, ThreadCells cells) {
        this(context, cells, -1);
    }

    Frame(ThreadContext context, ThreadCells cells, int slot) {
        this.slot = slot;
        this.context = context;
        this.cells = cells;
        this.execution = new CallExecution(cells);
    }

    /** True when the body must not run at all (the call was refused before its first attempt). */
    public boolean skip() {
        return skip;
    }

    /** The replacement return value (a fallback); cleared so the frame holds no application object. */
    public Object takeValue() {
        Object v = value;
        value = null;
        return v;
    }

    /** The exception to throw instead of the body's result; cleared on read. */
    public Throwable takeError() {
        Throwable e = error;
        error = null;
        return e;
    }
}
