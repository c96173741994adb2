package dev.resilience.agent.instrument;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.AsyncCallTimeoutException;
import dev.resilience.agent.api.CallInterruptedException;
import dev.resilience.agent.api.CallInterruptedIOException;
import dev.resilience.agent.api.CallRejectedException;
import dev.resilience.agent.api.CallRejectedIOException;
import dev.resilience.agent.api.CallTimeoutException;
import dev.resilience.agent.api.CallTimeoutIOException;
import dev.resilience.agent.api.CallWaitInterruptedException;
import dev.resilience.agent.api.CircuitOpenException;
import dev.resilience.agent.api.CircuitOpenIOException;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.ShownFailure;
import dev.resilience.agent.log.AgentLog;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the exceptions the agent itself throws for one method, as the contract's "What the caller
 * sees" says: an IOException subclass when the method declares IOException (or a supertype), an
 * unchecked one otherwise, or the rule's {@code onFailure.exception} class. Messages name the
 * rule, the method and the reason. Thread-safe.
 */
public final class FailureFactory implements ShownFailure {
    /** Rule and class pairs whose unusable {@code onFailure.exception} was already logged. */
    private static final Set<String> UNUSABLE_REPORTED = ConcurrentHashMap.newKeySet();

    private final String rule;
    private final String method;
    /** "resilience-agent rule 'name': Class#method(params) ", the start of every message. */
    private final String prefix;
    /**
     * The last message made for each reason, by ordinal: a message is constant for a binding (the
     * rule's timeout and bulkhead size come from its runtime, which a binding keeps), so a
     * rejection storm does not build the same string again and again. Reads and writes race
     * harmlessly: {@link Message} is immutable, and a miss only builds the message once more.
     */
    private final Message[] messages = new Message[Reason.values().length];
    private final boolean io;
    /** The method declares {@code InterruptedException} itself: see {@link #interrupted}. */
    private final boolean declaresInterrupted;
    private final String customClass;
    private final java.lang.ref.WeakReference<ClassLoader> loader;
    /**
     * The {@code onFailure} class once found, held weakly: the binding lives as long as the JVM, and
     * a strong reference would keep a plugin's class, and its loader, from ever being unloaded. Its
     * constructor is kept with the class ({@link ExceptionConstructors}).
     */
    private volatile java.lang.ref.WeakReference<Class<?>> custom;
    /** True once the class proved unusable here (reported once): the agent's own types are used from then on. */
    private volatile boolean unusable;

    /**
     * @param customClass the {@code onFailure.exception} class name, or null for the agent's own
     *                    types; resolved through {@code loader} on first use, never earlier, so
     *                    no class is loaded while the method's own class is being transformed
     */
    public FailureFactory(String rule, String method, boolean io, boolean declaresInterrupted, String customClass,
                          ClassLoader loader) {
        this.rule = rule;
        this.method = method;
        this.prefix = "resilience-agent rule '" + rule + "': " + method + " ";
        this.io = io;
        this.declaresInterrupted = declaresInterrupted;
        this.customClass = customClass;
        this.loader = new java.lang.ref.WeakReference<>(loader);
    }

    /** The exception for a failure the agent made, with its reason spelled out. */
    public Throwable create(Reason reason, RuleRuntime runtime) {
        return create(reason, message(reason, runtime), runtime.observe());
    }

    /**
     * The exception for a caller interrupted while it waited for the method's worker or for a
     * bulkhead place: for a method that declares {@link InterruptedException}, one (unless
     * {@code onFailure} names a class), so the caller's own handler for it runs, as without the agent.
     */
    public Throwable interrupted(RuleRuntime runtime) {
        if (declaresInterrupted && customClass == null) {
            return new CallWaitInterruptedException(rule, method, Reason.INTERRUPTED, message(Reason.INTERRUPTED, runtime),
                    null);
        }
        return create(Reason.INTERRUPTED, runtime);
    }

    /**
     * The exception for a call refused before its body ran. A breaker refuses in two states: OPEN,
     * and HALF_OPEN once its trial calls are all running, which the message then says (an operator
     * reading "OPEN" while the log shows the breaker half-open would look for a transition that
     * never happened); and forced OPEN by an operator, which it says too.
     *
     * @param breaker the call's breaker, or null
     */
    public Throwable rejected(Reason reason, RuleRuntime runtime, CircuitBreaker breaker) {
        if (reason == Reason.INTERRUPTED) {
            return interrupted(runtime); // interrupted while waiting for a bulkhead place
        }
        if (reason == Reason.CIRCUIT_OPEN && breaker != null && breaker.isForced()) {
            // (newcomer audit) JMX and the metrics say FORCED_OPEN: an operator reading only "OPEN" would look
            // for the failures that opened it
            return create(reason, prefix + "not called: circuit breaker is forced OPEN by an operator (JMX; reset"
                    + " releases it)", runtime.observe());
        }
        if (reason == Reason.CIRCUIT_OPEN && breaker != null && breaker.state() == CircuitBreaker.State.HALF_OPEN) {
            int trials = runtime.rule().circuitBreaker() == null ? 1 : runtime.rule().circuitBreaker().halfOpenCalls();
            return create(reason, prefix + "not called: circuit breaker is HALF_OPEN and its " + trials
                    + (trials == 1 ? " trial call is" : " trial calls are") + " already running", runtime.observe());
        }
        return create(reason, runtime);
    }

    /**
     * The exception for an attempt that timed out.
     *
     * @param cutNanos how long the attempt was allowed when an enclosing call's deadline cut it
     *                 below the rule's timeout, or -1: the message then says so, rather than
     *                 naming a duration the attempt never had (built afresh: cut attempts are rare)
     */
    public Throwable timeout(RuleRuntime runtime, long cutNanos) {
        return timeout(runtime, cutNanos, null);
    }

    /**
     * @param bodyFailure what the body threw when it ended past its deadline (interrupt mode), or
     *                    null: the agent's timeout takes it as its cause, the trace of where the body
     *                    was when the deadline came (it may be an Error, which must not vanish)
     */
    public Throwable timeout(RuleRuntime runtime, long cutNanos, Throwable bodyFailure) {
        // the agent's own: onFailure's class is made once the call ends with it (shown), not for every attempt
        Constructor<? extends Throwable> constructor = runtime.observe() ? null : customConstructor();
        return own(Reason.TIMEOUT, timeoutMessage(runtime, cutNanos), ownIsIo(constructor), bodyFailure);
    }

    /** The {@code onFailure.exception} made from a timeout the call ended with, or the timeout itself when there is none. */
    @Override
    public Throwable shown(Throwable agentOwn) {
        Constructor<? extends Throwable> constructor = customConstructor();
        return constructor == null ? agentOwn : made(constructor, agentOwn.getMessage(), agentOwn);
    }

    /** Whether the agent's own exception is the IOException flavour: the method declares one, or onFailure's class takes one as cause. */
    private boolean ownIsIo(Constructor<? extends Throwable> constructor) {
        return io || (constructor != null && constructor.getParameterCount() == 2
                && IOException.class.isAssignableFrom(constructor.getParameterTypes()[1]));
    }

    /** The message of a timeout: the rule's, or one that says an enclosing call's deadline cut it ({@code cutNanos >= 0}). */
    private String timeoutMessage(RuleRuntime runtime, long cutNanos) {
        if (cutNanos < 0) {
            return message(Reason.TIMEOUT, runtime);
        }
        String ruleOwn = runtime.timeoutNanos() > 0
                ? "the rule's own timeout is " + format(Duration.ofNanos(runtime.timeoutNanos())) : null;
        String text = cutNanos == 0
                ? "timed out before it started: the enclosing call's deadline had passed"
                        + (ruleOwn == null ? "" : " (" + ruleOwn + ")")
                : "timed out after " + format(Duration.ofNanos(cutNanos)) + " (the enclosing call's deadline"
                        + (ruleOwn == null ? ")" : "; " + ruleOwn + ")");
        return prefix + text;
    }

    /**
     * @param observed true in {@code mode: observe}, where the exception only feeds the counts:
     *                 the {@code onFailure} class is then not made, so none of the application's
     *                 code (its initialiser, its constructor) runs because of the agent
     */
    private Throwable create(Reason reason, String message, boolean observed) {
        return create(reason, message, observed, null);
    }

    private Throwable create(Reason reason, String message, boolean observed, Throwable cause) {
        Constructor<? extends Throwable> constructor = observed ? null : customConstructor();
        Throwable own = own(reason, message, ownIsIo(constructor), cause);
        return constructor == null ? own : made(constructor, message, own);
    }

    /** The onFailure class made with {@code own} as its cause; {@code own} itself if that fails. */
    private Throwable made(Constructor<? extends Throwable> constructor, String message, Throwable own) {
        try {
            if (constructor.getParameterCount() == 2) {
                return constructor.newInstance(message, own);
            }
            Throwable made = constructor.newInstance(message);
            if (made.getCause() == null) {
                try {
                    made.initCause(own); // a (String) constructor takes no cause: it is given one all the same
                } catch (IllegalStateException | IllegalArgumentException refused) {
                    // a class that fixes its cause keeps it
                }
            }
            return made;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // The constructor was checked when the class was instrumented; if it still fails (it
            // throws, or the class cannot be initialised) the caller gets the agent's own type
            // rather than nothing, and an operator hears of it once.
            reportUnusable(e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e);
            own.addSuppressed(e);
            return own;
        }
    }

    /**
     * What {@code retryOn} and {@code abortOn} judge a timed-out attempt of this method as: the
     * agent's own timeout type, whatever {@code onFailure.exception} shows the caller. Where the
     * method declares IOException that is the IOException flavour, for an asynchronous method too
     * (its future fails with a {@code TimeoutException}), so the built-in {@code retryOn} retries
     * it: "the agent's own timeouts are IOExceptions where the method declares one, so they are
     * retried too" (contract, "Built-in defaults").
     */
    public Class<? extends Throwable> timeoutJudgedAs(boolean async) {
        if (io) {
            return CallTimeoutIOException.class;
        }
        return async ? AsyncCallTimeoutException.class : CallTimeoutException.class;
    }

    /**
     * The exception that completes an asynchronous call's future when an attempt times out.
     *
     * @param cutNanos as for {@link #timeout(RuleRuntime, long)}: an attempt an enclosing call's
     *                 deadline cut says so (audit: it read "timed out after 5s" when cut to 500 ms)
     */
    public Throwable asyncTimeout(RuleRuntime runtime, long cutNanos) {
        return new AsyncCallTimeoutException(rule, method, Reason.TIMEOUT, timeoutMessage(runtime, cutNanos), null);
    }

    private String message(Reason reason, RuleRuntime runtime) {
        Message last = messages[reason.ordinal()];
        if (last != null && last.runtime == runtime) {
            return last.text;
        }
        Message made = new Message(runtime, prefix + describe(reason, runtime));
        messages[reason.ordinal()] = made;
        return made.text;
    }

    /** A message and the runtime whose settings it spells out. */
    private record Message(RuleRuntime runtime, String text) {
    }

    private Constructor<? extends Throwable> customConstructor() {
        if (customClass == null || unusable) {
            return null;
        }
        java.lang.ref.WeakReference<Class<?>> held = custom;
        Class<?> type = held == null ? null : held.get();
        try {
            if (type == null) {
                type = ExceptionConstructors.load(customClass, loader.get());
                // a class in a package its named module does not export: its constructor is reached
                // as a fallback method is (audit: refused as "cannot be used" under java -m)
                ModuleAccess.openToAgent(type);
                custom = new java.lang.ref.WeakReference<>(type);
            }
            return ExceptionConstructors.of(type);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            reportUnusable(e);
            unusable = true;
            return null;
        }
    }

    /**
     * The class validated, but this method's class loader cannot use it (it does not see the class,
     * or sees another version of it): a deployment problem, not the agent's bug, so it is said as
     * one, without a stack trace, once per rule and class.
     */
    private void reportUnusable(Throwable cause) {
        if (!UNUSABLE_REPORTED.add(rule + " " + customClass)) {
            return;
        }
        // NoClassDefFoundError names the class it misses: this one, or one it needs (then said as it is)
        boolean unseen = cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError
                && cause.getMessage() != null && cause.getMessage().replace('/', '.').equals(customClass);
        String why = unseen ? "its class loader does not see that class" : AgentErrors.reason(cause);
        AgentLog.logger().error("rule '" + rule + "': onFailure.exception " + customClass + " cannot be used for " + method
                + " (" + why + "); the caller gets the agent's own exception types instead. Put the class where the"
                + " application's classes can load it, with a public (String) or (String, Throwable) constructor"
                + " (logged once per rule)");
    }

    private Throwable own(Reason reason, String message, boolean ioFlavour, Throwable cause) {
        return switch (reason) {
            case CIRCUIT_OPEN -> ioFlavour
                    ? new CircuitOpenIOException(rule, method, reason, message, null)
                    : new CircuitOpenException(rule, method, reason, message, null);
            case TIMEOUT -> ioFlavour
                    ? new CallTimeoutIOException(rule, method, reason, message, cause)
                    : new CallTimeoutException(rule, method, reason, message, cause);
            case BULKHEAD_FULL, WORKERS_BUSY -> ioFlavour
                    ? new CallRejectedIOException(rule, method, reason, message, null)
                    : new CallRejectedException(rule, method, reason, message, null);
            case INTERRUPTED -> ioFlavour
                    ? new CallInterruptedIOException(rule, method, reason, message, null)
                    : new CallInterruptedException(rule, method, reason, message, null);
        };
    }

    private static String describe(Reason reason, RuleRuntime runtime) {
        return switch (reason) {
            case CIRCUIT_OPEN -> "not called: circuit breaker is OPEN";
            case TIMEOUT -> "timed out after " + format(Duration.ofNanos(runtime.timeoutNanos()));
            case BULKHEAD_FULL -> "rejected: bulkhead full (maxConcurrent " + runtime.rule().bulkhead().maxConcurrent() + ")";
            case WORKERS_BUSY -> "rejected: every timeout worker is busy";
            case INTERRUPTED -> "interrupted while waiting";
        };
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis > 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
