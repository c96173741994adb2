package dev.resilience.agent.instrument;

import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.policy.FallbackSettings;
import dev.resilience.agent.policy.Policy;
import dev.resilience.agent.policy.RuleComparison;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A policy in force: its matcher and one compiled runtime per rule (same order as the file), each
 * built when first needed ({@link LazyRuleRuntime}). Each runtime gets an id no other runtime of
 * this JVM ever had, since nesting detection compares it and a reload may keep a runtime while the
 * rules around it move. Immutable apart from the rules' own thread-safe state.
 */
public final class InstalledPolicy {
    /** Each policy put in force gets the next number; SeenClasses tags its records with it. */
    private static final java.util.concurrent.atomic.AtomicInteger GENERATIONS = new java.util.concurrent.atomic.AtomicInteger();

    private final Policy policy;
    private final int generation = GENERATIONS.incrementAndGet();
    private final PolicyMatcher matcher;
    private final List<LazyRuleRuntime> runtimes;
    private final NanoClock clock;
    private final Sleeper sleeper;
    private final Consumer<String> transitionLog;
    private final BreakerTransitions.TransitionSink sink;
    /** Rules that matched a method the agent then left out (a fallback that does not fit, the JVM's limits). */
    private final java.util.Set<String> leftOut = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Rules that matched a method an earlier rule also matches, which applies. */
    private final java.util.Set<String> overlapped = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public InstalledPolicy(Policy policy, NanoClock clock, Sleeper sleeper, Consumer<String> transitionLog,
                           BreakerTransitions.TransitionSink sink) {
        this(policy, clock, sleeper, transitionLog, sink, List.of());
    }

    private InstalledPolicy(Policy policy, NanoClock clock, Sleeper sleeper, Consumer<String> transitionLog,
                            BreakerTransitions.TransitionSink sink, List<LazyRuleRuntime> reusable) {
        this.policy = policy;
        this.matcher = new PolicyMatcher(policy);
        this.clock = clock;
        this.sleeper = sleeper;
        this.transitionLog = transitionLog;
        this.sink = sink;
        List<LazyRuleRuntime> list = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            LazyRuleRuntime kept = sameSettings(reusable, rule);
            list.add(kept != null ? kept
                    : new LazyRuleRuntime(rule, clock, sleeper, transitionLog, sink, builtOfSameName(reusable, rule)));
        }
        this.runtimes = List.copyOf(list);
    }

    /** The built runtime of the rule of {@code rule}'s name among {@code reusable}, or null: its breakers may carry over. */
    private static RuleRuntime builtOfSameName(List<LazyRuleRuntime> reusable, Rule rule) {
        for (LazyRuleRuntime old : reusable) {
            if (old.rule().name().equals(rule.name())) {
                return old.builtOrPredecessor();
            }
        }
        return null;
    }

    /** The first of {@code reusable} with {@code rule}'s settings, or null. A loop, not a stream: runs in premain (issue 8). */
    private static LazyRuleRuntime sameSettings(List<LazyRuleRuntime> reusable, Rule rule) {
        for (LazyRuleRuntime old : reusable) {
            if (RuleComparison.sameSettings(old.rule(), rule)) {
                return old;
            }
        }
        return null;
    }

    /** This policy's number, different from the 255 built before and after it (SeenClasses keeps its low 8 bits). */
    int generation() {
        return generation;
    }

    /**
     * The policy that replaces this one on reload or re-attach, with the same clock, sleeper and
     * sinks. A rule whose name and settings are unchanged (line numbers aside) keeps its runtime,
     * and so its breaker state, bulkhead and retry budget; any other rule starts afresh, except
     * that a rule of the same name whose breaker settings are unchanged keeps its breakers.
     */
    public InstalledPolicy next(Policy newPolicy) {
        return new InstalledPolicy(newPolicy, clock, sleeper, transitionLog, sink, runtimes);
    }

    /** True when the runtime is one of this policy's (built for it, or kept from the policy before). */
    public boolean owns(RuleRuntime runtime) {
        for (LazyRuleRuntime lazy : runtimes) {
            if (runtime != null && lazy.ifBuilt() == runtime) {
                return true;
            }
        }
        return false;
    }

    public Policy policy() {
        return policy;
    }

    public PolicyMatcher matcher() {
        return matcher;
    }

    /** Every rule's runtime, in file order; builds those not built yet. */
    public List<RuleRuntime> runtimes() {
        List<RuleRuntime> all = new ArrayList<>(runtimes.size());
        for (LazyRuleRuntime lazy : runtimes) {
            all.add(lazy.get());
        }
        return all;
    }

    /**
     * Once {@code next} is in force and its runtimes are built: the breakers of this policy's
     * runtimes that none of {@code next}'s took over (changed breaker settings, a removed or renamed
     * rule) and no live site is still bound to (code the JVM refused to replace keeps its binding)
     * are retired, so what calls still in flight do to them is not taken for the rule's.
     */
    public void retireBreakersReplacedBy(InstalledPolicy next, List<Site> liveSites) {
        java.util.Set<BreakerTransitions> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (RuleRuntime runtime : next.runtimes()) {
            for (RuleRuntime.BreakerHandle handle : runtime.breakers()) {
                kept.add(handle.transitions());
            }
        }
        for (Site site : liveSites) {
            Binding binding = site.binding();
            if (binding != null && binding.breaker() != null) {
                kept.add(binding.breaker().transitions());
            }
        }
        for (LazyRuleRuntime lazy : runtimes) {
            RuleRuntime built = lazy.ifBuilt();
            if (built == null) {
                continue;
            }
            for (RuleRuntime.BreakerHandle handle : built.breakers()) {
                if (!kept.contains(handle.transitions())) {
                    handle.transitions().retire();
                }
            }
        }
    }

    /** The runtime of the rule at {@code index} (file order), built now if it was not yet. */
    public RuleRuntime runtime(int index) {
        return runtimes.get(index).get();
    }

    /**
     * The binding of one method to its rule.
     *
     * @param fallback the fallback already checked against the method's return type, or null
     */
    Binding bind(Site site, RuleRuntime runtime, Fallback fallback) {
        Rule rule = runtime.rule();
        FailureFactory failures = new FailureFactory(rule.name(), site.label(), site.declaresIOException(),
                site.declaresInterruptedException(),
                rule.onFailure() == null ? null : rule.onFailure().exceptionClass(), site.loader());
        return new Binding(runtime, runtime.breakerFor(site.qualifiedName()), failures, fallback);
    }

    /**
     * The binding of a method that stays instrumented across a reload: unchanged when its rule
     * kept its runtime (a {@code scope: method} breaker keeps its state too), else a new one.
     */
    Binding rebind(Site site, RuleRuntime runtime, Fallback fallback) {
        Binding current = site.binding();
        return current != null && current.rule() == runtime ? current : bind(site, runtime, fallback);
    }

    /**
     * The fallback of a rule for one method, or a problem to report.
     *
     * @param method the method's description, or null when no class files are at hand (a fallback
     *               method is then taken on trust: it is checked on first use)
     * @param pool   reads class files through the method's class loader, to check a fallback method
     */
    static FallbackFactory.Result fallbackFor(Rule rule, MethodDescription method, String returnType, boolean async,
                                              String futureValueType, TypePool pool) {
        FallbackSettings settings = rule.fallback();
        if (settings == null) {
            return new FallbackFactory.Result(null, null);
        }
        if (settings.kind() == FallbackSettings.Kind.METHOD) {
            if (method == null || pool == null) {
                String reference = settings.method();
                int hash = reference.indexOf('#');
                return new FallbackFactory.Result(Fallback.lazyMethod(settings, reference.substring(0, hash),
                        reference.substring(hash + 1), null, false, FallbackFactory.BOXES.containsKey(returnType)), null);
            }
            return FallbackFactory.forMethod(settings, method, pool);
        }
        return FallbackFactory.forConstant(settings, returnType, async, futureValueType);
    }

    /** Notes that {@code rule} matched a method an earlier rule of the file also matches, and takes. */
    void overlapped(String rule) {
        overlapped.add(rule);
    }

    /** True when {@code rule} matched a method an earlier rule took (warned about when found). */
    public boolean lostOverlaps(String rule) {
        return overlapped.contains(rule);
    }

    /** Notes that {@code rule} matched a method the agent left out (and said why, at error or warn). */
    void leftOut(String rule) {
        leftOut.add(rule);
    }

    /**
     * True when {@code rule} matched methods only to leave them out: a start-up check that finds it
     * protecting nothing then points at those lines, not at the rule's names (which are right).
     */
    public boolean leftOutMethods(String rule) {
        return leftOut.contains(rule);
    }
}
