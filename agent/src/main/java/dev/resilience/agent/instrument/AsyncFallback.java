package dev.resilience.agent.instrument;

import dev.resilience.agent.core.CallExecution;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Completes an asynchronous call's future with its rule's fallback once the execution decided
 * {@link CallExecution#FALLBACK}: on whichever thread settled the call (the method's future's, or the
 * agent's after a timeout), counted as served only once the fallback gave its value.
 */
final class AsyncFallback {
    private AsyncFallback() {
    }

    static void serve(Site site, Binding binding, Object[] arguments, ClassLoader callerLoader,
                      CallExecution execution, CompletableFuture<Object> result) {
        if (result.isDone()) {
            execution.fallbackFailed(); // the caller completed its future: nobody waits for a fallback's value
            return;
        }
        try {
            Throwable failure = execution.failure() != null ? execution.failure()
                    : binding.failures().rejected(execution.rejection(), binding.rule(), binding.circuitBreaker());
            Object replacement;
            try {
                replacement = value(site, binding, arguments, callerLoader, failure);
            } catch (Throwable fromFallback) {
                execution.fallbackFailed();
                if (fromFallback != failure) { // the failure itself: the fallback could not take it, or gave it back
                    Fallback.failed(binding, fromFallback);
                }
                throw fromFallback;
            }
            if (replacement instanceof CompletionStage<?> stage) {
                // a fallback method returns the method's own future type: pass its outcome on,
                // counted as a fallback once it gave a value (a failed one counts a failure)
                stage.whenComplete((value, error) -> {
                    if (error == null) {
                        execution.fallbackServed();
                        result.complete(value);
                    } else {
                        execution.fallbackFailed();
                        Fallback.failed(binding, error);
                        result.completeExceptionally(error);
                    }
                });
            } else {
                execution.fallbackServed();
                result.complete(replacement);
            }
        } catch (Throwable fallbackError) {
            result.completeExceptionally(fallbackError);
        }
    }

    /**
     * The fallback's value, made with the rule applied: a fallback method the rule matches too is not
     * protected again. On the thread that completed the method's future, which may be inside protected
     * calls of its own: the rule goes on top of them (taking the caller's view would hand this
     * thread's frames in use to the fallback's nested calls).
     */
    private static Object value(Site site, Binding binding, Object[] arguments, ClassLoader callerLoader,
                                Throwable failure) throws Throwable {
        ThreadContext context = ThreadContext.current();
        Frame marker = context.push(binding.rule().index());
        ClassLoader own = ContextLoaders.adopt(callerLoader); // on the agent's thread after a timeout: as on the caller's
        try {
            return binding.fallback().value(site, arguments, failure);
        } finally {
            ContextLoaders.restore(own, callerLoader);
            context.pop(marker);
        }
    }
}
