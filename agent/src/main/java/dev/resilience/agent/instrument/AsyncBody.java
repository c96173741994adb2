package dev.resilience.agent.instrument;

import dev.resilience.agent.core.InterruptTimer;
import dev.resilience.agent.core.RuleRuntime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

/**
 * The body of an asynchronous call's attempts ({@link AsyncCall}): the method, its receiver and
 * arguments, and how the caller's thread looked, so that a retry on the agent's thread runs as on
 * the caller's. Tells the agent's own failures before the body ran ({@link PreBody}) from the
 * method's. Attempts run one at a time; {@link #oweEnclosing} is read on the caller's thread after
 * the first.
 */
final class AsyncBody {
    private final Site site;
    private final Method method;
    private final Object self;
    private final Object[] arguments;
    private final ThreadContext.Snapshot view;
    /** The caller's context class loader, a retry body's on the agent's thread. */
    private final ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
    /** The attempt last run timed out in interrupt mode (see {@link Dispatch#owe}). */
    private boolean oweEnclosing;

    /**
     * What an attempt throws when the agent failed before its body ran: the cause is the agent's
     * error, never to be taken for the method's. Carries no stack trace.
     */
    static final class PreBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PreBody(Throwable agentError) {
            super(null, agentError, false, false);
        }
    }

    AsyncBody(Site site, Method method, Object self, Object[] arguments, ThreadContext.Snapshot view) {
        this.site = site;
        this.method = method;
        this.self = self;
        this.arguments = arguments;
        this.view = view;
    }

    Object[] arguments() {
        return arguments;
    }

    ClassLoader callerLoader() {
        return callerLoader;
    }

    /** The deadline the caller's thread had (an enclosing call's), or {@code Long.MAX_VALUE}. */
    long callerDeadline() {
        return view.deadline();
    }

    boolean oweEnclosing() {
        return oweEnclosing;
    }

    /**
     * Calls the original method with this site passed through, as the caller would have, inside the
     * call: what the body calls on this thread sees the rule as applied (the same rule is not applied
     * again) and the attempt's {@code deadline} (another rule never waits past it; observing sets none).
     *
     * @throws PreBody when the agent failed before the body ran; anything else is the method's
     */
    CompletionStage<?> invoke(RuleRuntime rule, long deadline) throws Throwable {
        ThreadContext context = ThreadContext.current();
        ThreadContext.Saved saved;
        try {
            saved = context.adopt(view.within(rule.index(), deadline));
        } catch (Throwable agentError) {
            throw new PreBody(agentError);
        }
        ClassLoader own = callerLoader;
        // mode: interrupt: a body still at work on this thread at the deadline, before returning its
        // future, is interrupted there, as a synchronous body would be (the call times out either way)
        long interrupt = -1;
        try {
            try {
                own = ContextLoaders.adopt(callerLoader); // a retry on the agent's thread: as on the caller's
                if (rule.interruptMode() && !rule.observe()) {
                    interrupt = Services.interruptTimer(deadline).arm(Thread.currentThread(), deadline);
                }
            } catch (Throwable agentError) {
                throw new PreBody(agentError); // the finally below restores what was adopted or armed
            }
            return (CompletionStage<?>) site.invokeBody(method, self, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException | IllegalArgumentException | ClassCastException agentError) {
            // the agent could not call the method (reflection refused it): its body did not run
            throw new PreBody(agentError);
        } finally {
            try {
                int fired = interrupt < 0 ? InterruptTimer.NOT_FIRED : Services.interruptTimerUngated().disarm(interrupt);
                if (fired == InterruptTimer.INTERRUPTED) {
                    Thread.interrupted(); // the interrupt was ours: not leaked into the caller's code
                }
                ContextLoaders.restore(own, callerLoader);
                // an enclosing call whose deadline came too is owed its interrupt, once this call's first attempt
                // is settled, its fallback included (AsyncCall.start): only the caller's thread has enclosing calls
                oweEnclosing = fired != InterruptTimer.NOT_FIRED || interrupt >= 0 && rule.clock().nanoTime() - deadline >= 0;
            } catch (Throwable agentError) {
                // Thrown from here, it would replace what the body returned or threw, and be taken for the method's.
                AgentErrors.report(site, agentError);
            } finally {
                context.restore(saved);
            }
        }
    }
}
