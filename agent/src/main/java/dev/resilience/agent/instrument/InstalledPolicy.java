package dev.resilience.agent.instrument;

import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.policy.FallbackSettings;
import dev.resilience.agent.policy.Policy;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A policy in force: its matcher and one compiled runtime per rule (same order as the file).
 * Immutable apart from the rules' own thread-safe state.
 */
public final class InstalledPolicy {
    private final Policy policy;
    private final PolicyMatcher matcher;
    private final List<RuleRuntime> runtimes;

    public InstalledPolicy(Policy policy, NanoClock clock, Sleeper sleeper, Consumer<String> transitionLog,
                           BreakerTransitions.TransitionSink sink) {
        this.policy = policy;
        this.matcher = new PolicyMatcher(policy);
        List<RuleRuntime> list = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            list.add(new RuleRuntime(policy.rules().get(i), i, clock, sleeper, transitionLog, sink));
        }
        this.runtimes = List.copyOf(list);
    }

    public Policy policy() {
        return policy;
    }

    public PolicyMatcher matcher() {
        return matcher;
    }

    public List<RuleRuntime> runtimes() {
        return runtimes;
    }

    public RuleRuntime runtime(int index) {
        return runtimes.get(index);
    }

    /**
     * The binding of one method to its rule.
     *
     * @param fallback the fallback already checked against the method's return type, or null
     */
    Binding bind(Site site, int ruleIndex, Fallback fallback) {
        RuleRuntime runtime = runtimes.get(ruleIndex);
        Rule rule = runtime.rule();
        FailureFactory failures = new FailureFactory(rule.name(), site.label(), site.declaresIOException(),
                rule.onFailure() == null ? null : rule.onFailure().exceptionClass(), site.loader());
        return new Binding(runtime, runtime.breakerFor(site.qualifiedName()), failures, fallback);
    }

    /**
     * The fallback of a rule for one method, or a problem to report.
     *
     * @param pool reads class files through the method's class loader, to check a fallback method
     */
    static FallbackFactory.Result fallbackFor(Rule rule, MethodDescription method, String returnType, boolean async,
                                              TypePool pool) {
        FallbackSettings settings = rule.fallback();
        if (settings == null) {
            return new FallbackFactory.Result(null, null);
        }
        if (settings.kind() == FallbackSettings.Kind.METHOD) {
            return FallbackFactory.forMethod(settings, method, pool);
        }
        return FallbackFactory.forConstant(settings, returnType, async);
    }
}
