package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.FallbackSettings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * The value a failed call returns instead of failing, already checked against the method's
 * return type when the class was instrumented. Thread-safe.
 */
public final class Fallback {
    private final Object constant;
    private final boolean freshList;
    private final boolean freshMap;
    private final Method method;
    private final boolean methodTakesThrowable;
    private final FallbackSettings unresolved;
    private volatile Fallback resolved;

    private Fallback(Object constant, boolean freshList, boolean freshMap, Method method, boolean methodTakesThrowable,
                     FallbackSettings unresolved) {
        this.constant = constant;
        this.freshList = freshList;
        this.freshMap = freshMap;
        this.method = method;
        this.methodTakesThrowable = methodTakesThrowable;
        this.unresolved = unresolved;
    }

    /**
     * A fallback method, resolved through the instrumented class's loader on first use (resolving
     * it while that class is being transformed could load classes at the worst moment). If it
     * cannot be resolved the error is logged once and calls fail as if there were no fallback.
     */
    static Fallback lazyMethod(FallbackSettings settings) {
        return new Fallback(null, false, false, null, false, settings);
    }

    /** A constant, already converted to the return type (boxed for primitives). */
    static Fallback constant(Object value) {
        return new Fallback(value, false, false, null, false, null);
    }

    /** {@code []}/{@code {}}: a new mutable empty collection per call, as legacy callers may add to it. */
    static Fallback emptyCollection(boolean list) {
        return new Fallback(null, list, !list, null, false, null);
    }

    /** A static method taking the call's arguments, optionally followed by the failure. */
    static Fallback method(Method method, boolean takesThrowable) {
        return new Fallback(null, false, false, method, takesThrowable, null);
    }

    /** True when producing the value needs the call's arguments. */
    public boolean needsArguments() {
        return method != null || unresolved != null;
    }

    /**
     * The value for one failed call.
     *
     * @param target    the instrumented method (only read for a fallback method)
     * @param arguments the call's arguments (only read for a fallback method)
     * @throws Throwable what the fallback method itself threw, or the failure itself when the
     *                   fallback method cannot be resolved
     */
    public Object value(Method target, Object[] arguments, Throwable failure) throws Throwable {
        if (unresolved != null) {
            Fallback actual = resolved;
            if (actual == null) {
                FallbackFactory.Result result = FallbackFactory.forMethod(unresolved, target);
                if (result.problem() != null) {
                    AgentErrors.report("fallback " + unresolved.method(), new IllegalStateException(
                            "policy line " + unresolved.position().line() + ": " + result.problem()));
                    throw failure;
                }
                actual = result.fallback();
                resolved = actual;
            }
            return actual.value(target, arguments, failure);
        }
        if (freshList) {
            return new ArrayList<>();
        }
        if (freshMap) {
            return new HashMap<>();
        }
        if (method == null) {
            return constant;
        }
        Object[] actual = arguments;
        if (methodTakesThrowable) {
            actual = java.util.Arrays.copyOf(arguments, arguments.length + 1);
            actual[arguments.length] = failure;
        }
        try {
            return method.invoke(null, actual);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
