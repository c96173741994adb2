package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.matching.DescribedMethods;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.pool.TypePool;

import java.util.Optional;

/**
 * Whether a rule's {@code fallback} fits one method, judged from class files alone: the check the
 * agent makes when it instruments the method (a misfit leaves the method uninstrumented), for
 * tools that want to report it earlier, such as {@code explain --classpath}. Thread-safe.
 */
public final class FallbackCheck {
    private FallbackCheck() {
    }

    /**
     * @param pool reads class files the way the method's class loader would see them
     * @return why the rule's fallback does not fit the method; empty when it fits or the rule has none
     */
    public static Optional<String> problem(Rule rule, MethodDescription method, TypePool pool) {
        DeclaredMethod declared = DescribedMethods.of(method);
        return Optional.ofNullable(InstalledPolicy.fallbackFor(rule, method, declared.returnType(),
                DeclaredMethod.isFuture(declared.returnType()), declared.futureValueType(), pool).problem());
    }
}
