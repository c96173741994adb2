package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * How a matched method is wrapped under a rule: which advice it gets and its checked fallback.
 * Decided here only, for the transformer and for {@code explain}. Immutable.
 *
 * @param fallback        the fallback fitted to the return type, or null (none, or a problem)
 * @param fallbackProblem why the rule's fallback does not fit this method, or null; such a method is
 *                        not instrumented
 */
public record SitePlan(Site.Kind kind, Fallback fallback, String fallbackProblem, boolean declaresIOException,
                       boolean declaresInterruptedException, boolean returnsVoid) {

    /** The plan without class files at hand ({@code explain} checks fallback methods itself). */
    public static SitePlan of(DeclaredMethod method, RuleRuntime runtime) {
        return of(method, runtime, null, null);
    }

    /**
     * @param type the declaring class read from its class file, and {@code pool} the class files
     *             its loader sees: with both, a fallback method is checked now rather than on first use
     */
    public static SitePlan of(DeclaredMethod method, RuleRuntime runtime, TypeDescription type, TypePool pool) {
        String returnType = method.returnType();
        boolean async = DeclaredMethod.isFuture(returnType);
        FallbackFactory.Result fallback = fallback(method, runtime.rule(), type, pool);
        boolean needsArguments = fallback.fallback() != null && fallback.fallback().needsArguments();
        boolean checksStatus = runtime.hasFailureStatuses() && HttpResponses.isResponseType(returnType);
        Site.Kind kind = async ? Site.Kind.ASYNC
                : runtime.needsWorkerThread() || needsArguments || checksStatus ? Site.Kind.HANDOFF
                : Site.Kind.INLINE;
        return new SitePlan(kind, fallback.fallback(), fallback.problem(), declaresIOException(method),
                method.exceptionTypes().contains("java.lang.InterruptedException"), returnType.equals("void"));
    }

    /** Why the rule's fallback does not fit the method, or null when it fits (or the rule has none). */
    static String fallbackProblem(DeclaredMethod method, Rule rule, TypeDescription type, TypePool pool) {
        return fallback(method, rule, type, pool).problem();
    }

    private static FallbackFactory.Result fallback(DeclaredMethod method, Rule rule, TypeDescription type, TypePool pool) {
        String returnType = method.returnType();
        MethodDescription description = type == null ? null : type.getDeclaredMethods().filter(
                ElementMatchers.named(method.name()).and(ElementMatchers.hasDescriptor(method.descriptor()))).getOnly();
        return InstalledPolicy.fallbackFor(rule, description, returnType, DeclaredMethod.isFuture(returnType),
                method.futureValueType(), pool);
    }

    /** IOException itself or a supertype of it is declared. A loop, not a stream: runs as the first class is instrumented (issue 8). */
    private static boolean declaresIOException(DeclaredMethod method) {
        for (String name : method.exceptionTypes()) {
            if (name.equals("java.io.IOException") || name.equals("java.lang.Exception") || name.equals("java.lang.Throwable")) {
                return true;
            }
        }
        return false;
    }
}
