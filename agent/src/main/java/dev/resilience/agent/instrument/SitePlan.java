package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.matching.DeclaredMethod;

/**
 * How a matched method is wrapped under a rule: which advice it gets and its checked fallback.
 * Decided here only, for the transformer and for {@code explain}. Immutable.
 *
 * @param fallback        the fallback fitted to the return type, or null (none, or a problem)
 * @param fallbackProblem why the rule's fallback does not fit this method, or null; such a method is
 *                        not instrumented
 */
public record SitePlan(Site.Kind kind, Fallback fallback, String fallbackProblem, boolean declaresIOException,
                       boolean returnsVoid) {

    public static SitePlan of(DeclaredMethod method, RuleRuntime runtime) {
        String returnType = method.returnType();
        boolean async = returnType.equals("java.util.concurrent.CompletionStage")
                || returnType.equals("java.util.concurrent.CompletableFuture");
        FallbackFactory.Result fallback = InstalledPolicy.fallbackFor(runtime.rule(), returnType, async);
        boolean needsArguments = fallback.fallback() != null && fallback.fallback().needsArguments();
        boolean checksStatus = runtime.hasFailureStatuses() && HttpResponses.isResponseType(returnType);
        Site.Kind kind = async ? Site.Kind.ASYNC
                : runtime.needsWorkerThread() || needsArguments || checksStatus ? Site.Kind.HANDOFF
                : Site.Kind.INLINE;
        boolean io = method.exceptionTypes().stream().anyMatch(name -> name.equals("java.io.IOException")
                || name.equals("java.lang.Exception") || name.equals("java.lang.Throwable"));
        return new SitePlan(kind, fallback.fallback(), fallback.problem(), io, returnType.equals("void"));
    }
}
