package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.FallbackSettings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The value a failed call returns instead of failing, already checked against the method's
 * return type when the class was instrumented. Thread-safe.
 */
public final class Fallback {
    private final Object constant;
    private final boolean freshList;
    private final boolean freshMap;
    private final FallbackSettings settings;
    private final String ownerName;
    private final String methodName;
    private final String descriptor;
    private final boolean takesThrowable;
    /** The instrumented method returns a primitive: a fallback method's null cannot stand for it. */
    private final boolean primitiveResult;
    /** Held weakly, as {@link Site}'s method: the fallback's class may share the instrumented class's loader. */
    private volatile java.lang.ref.WeakReference<Method> method;

    private Fallback(Object constant, boolean freshList, boolean freshMap, FallbackSettings settings, String ownerName,
                     String methodName, String descriptor, boolean takesThrowable, boolean primitiveResult) {
        this.constant = constant;
        this.freshList = freshList;
        this.freshMap = freshMap;
        this.settings = settings;
        this.ownerName = ownerName;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.takesThrowable = takesThrowable;
        this.primitiveResult = primitiveResult;
    }

    /**
     * A fallback method, already checked against the instrumented method's class files; loaded by
     * reflection through the instrumented class's loader on first use (loading it while that class
     * is being transformed could load classes at the worst moment).
     *
     * @param descriptor     the JVM descriptor of the overload that fits
     * @param takesThrowable true when that overload takes the failure as its last parameter
     * @param primitiveResult true when the instrumented method returns a primitive (not void): a
     *                        null from the fallback is then a {@link NullPointerException}, as Java's
     *                        unboxing makes it, never a silent 0
     */
    static Fallback lazyMethod(FallbackSettings settings, String ownerName, String methodName, String descriptor,
                               boolean takesThrowable, boolean primitiveResult) {
        return new Fallback(null, false, false, settings, ownerName, methodName, descriptor, takesThrowable, primitiveResult);
    }

    /**
     * The failure as the fallback's last parameter takes it: itself, or, when {@code onFailure}
     * made an {@code Error} of the agent's own failure (a timeout, a refusal, which always fall
     * back: review), the agent's failure it wraps; null when neither fits.
     */
    private static Throwable fitting(Class<?> parameter, Throwable failure) {
        if (parameter.isInstance(failure)) {
            return failure;
        }
        try {
            Throwable cause = failure.getCause();
            return cause instanceof dev.resilience.agent.api.AgentFailure && parameter.isInstance(cause) ? cause : null;
        } catch (Throwable unreadable) { // the application's class: its getCause() may fail
            return null;
        }
    }

    /** Rules (with their fallback) whose fallback's failure was already logged: a reload's new fallback is said again. */
    private static final java.util.Set<String> FAILURE_SAID = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Says, once per rule, that its fallback failed, so a broken fallback is not taken for a broken
     * service (the caller gets the fallback's exception, counted as a failure). Never throws.
     */
    static void failed(Binding binding, Throwable error) {
        try {
            String rule = binding.rule().name();
            Fallback fallback = binding.fallback();
            String what = fallback == null ? null : fallback.settings != null && fallback.settings.method() != null
                    ? "fallback method " + fallback.settings.method() : "fallback";
            if (what != null && FAILURE_SAID.add(rule + " " + what)) {
                dev.resilience.agent.log.AgentLog.logger().warn("rule '" + rule + "': the " + what + " threw "
                        + shown(error) + "; callers get that exception, counted as a failure (said once per rule)");
            }
        } catch (Throwable ignored) {
            // only a message
        }
    }

    /** The exception's own text, or its class name when its toString() throws (audit: the warning was lost). */
    private static String shown(Throwable error) {
        try {
            return String.valueOf(error);
        } catch (Throwable unprintable) { // any of them: the warning is said once, and must say something
            return error.getClass().getName();
        }
    }

    /** A constant, already converted to the return type (boxed for primitives). */
    static Fallback constant(Object value) {
        return new Fallback(value, false, false, null, null, null, null, false, false);
    }

    /** {@code []}/{@code {}}: a new mutable empty collection per call, as legacy callers may add to it. */
    static Fallback emptyCollection(boolean list) {
        return new Fallback(null, list, !list, null, null, null, null, false, false);
    }

    /** True when producing the value needs the call's arguments. */
    public boolean needsArguments() {
        return methodName != null;
    }

    /**
     * The value for one failed call.
     *
     * @param site      the instrumented method (only read for a fallback method)
     * @param arguments the call's arguments (only read for a fallback method)
     * @throws Throwable what the fallback method itself threw, or the failure itself when the
     *                   fallback method cannot be loaded or initialised (counted on the method as
     *                   an agent error, logged once)
     */
    public Object value(Site site, Object[] arguments, Throwable failure) throws Throwable {
        if (freshList) {
            return new ArrayList<>();
        }
        if (freshMap) {
            return new HashMap<>();
        }
        if (methodName == null) {
            return constant;
        }
        java.lang.ref.WeakReference<Method> found = method;
        Method resolved = found == null ? null : found.get();
        if (resolved == null) {
            try {
                Class<?> owner = Class.forName(ownerName, true, site.loader());
                resolved = Descriptors.findDeclared(owner, methodName, descriptor);
                ModuleAccess.openToAgent(owner);
                resolved.setAccessible(true);
                method = new java.lang.ref.WeakReference<>(resolved);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                AgentErrors.reportUnusable(site, "fallback " + settings.method() + " (policy line " + settings.position().line()
                        + ") cannot be loaded; calls that would get it fail as without a fallback", e);
                throw failure;
            }
        }
        Object[] actual = arguments;
        Throwable given = failure;
        if (takesThrowable) {
            given = fitting(resolved.getParameterTypes()[arguments.length], failure);
            if (given == null) {
                throw failure; // a Throwable that is no Exception, for an (..., Exception) fallback: as without one
            }
            actual = Arrays.copyOf(arguments, arguments.length + 1);
            actual[arguments.length] = given;
        }
        Object value;
        try {
            value = resolved.invoke(null, actual);
        } catch (InvocationTargetException e) {
            // A fallback that gives back what it was given declines: the caller gets the call's own
            // failure, also when that was the agent's failure unwrapped from onFailure's Error (review).
            throw e.getCause() == given ? failure : e.getCause();
        }
        if (value == null && primitiveResult) {
            throw new NullPointerException("fallback " + settings.method() + " returned null for " + site.label()
                    + ", whose return type is primitive");
        }
        return value;
    }
}
