package dev.resilience.agent.instrument;

import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.Rule;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One rule's {@link RuleRuntime}, built the first time it is asked for: when a method of the rule
 * is bound, or when metrics, a reload or the start-up check look at the rules. A policy whose rules
 * match nothing the application loads then never pays for breakers, counters and exception
 * matchers in premain (issue 8); a rule that matches is built before its first method is bound, so
 * no call ever runs without it. Shared by the next policy when the rule is unchanged, so a reload
 * keeps the runtime (and its breaker state) whether or not it was built yet. Thread-safe.
 *
 * <p>Build one only for a policy in force: building takes over the bulkhead of the rule's runtime
 * before it ({@code Bulkhead.succeeding} changes the places it shares at once), so a policy judged
 * and then refused must never build its runtimes.
 */
final class LazyRuleRuntime {
    /** Ids no other runtime of this JVM ever had: nesting detection compares them across reloads. */
    private static final AtomicInteger RULE_IDS = new AtomicInteger();

    private final Rule rule;
    private final NanoClock clock;
    private final Sleeper sleeper;
    private final Consumer<String> transitionLog;
    private final BreakerTransitions.TransitionSink sink;
    private volatile RuleRuntime runtime;
    /** The built runtime of the rule of the same name this one replaces, until this one is built. Guarded by this. */
    private RuleRuntime predecessor;

    LazyRuleRuntime(Rule rule, NanoClock clock, Sleeper sleeper, Consumer<String> transitionLog,
                    BreakerTransitions.TransitionSink sink) {
        this(rule, clock, sleeper, transitionLog, sink, null);
    }

    /** @param predecessor see {@link RuleRuntime}'s: whose breakers may carry over; null for none */
    LazyRuleRuntime(Rule rule, NanoClock clock, Sleeper sleeper, Consumer<String> transitionLog,
                    BreakerTransitions.TransitionSink sink, RuleRuntime predecessor) {
        this.predecessor = predecessor;
        this.rule = rule;
        this.clock = clock;
        this.sleeper = sleeper;
        this.transitionLog = transitionLog;
        this.sink = sink;
    }

    /** The rule as it was when the runtime was first wanted (a kept runtime keeps its first rule). */
    Rule rule() {
        return rule;
    }

    RuleRuntime get() {
        RuleRuntime built = runtime;
        if (built == null) {
            synchronized (this) {
                built = runtime;
                if (built == null) {
                    built = new RuleRuntime(rule, RULE_IDS.getAndIncrement(), clock, sleeper, transitionLog, sink,
                            predecessor);
                    predecessor = null; // taken over: no chain of old runtimes across reloads
                    runtime = built;
                }
            }
        }
        return built;
    }

    /** The runtime if it was built, else null: asking must not build it. */
    RuleRuntime ifBuilt() {
        return runtime;
    }

    /**
     * The runtime whose breakers the rule's next runtime may take over: this one if it was built,
     * else the one this would have taken over, so two reloads in a row keep what the first runtime
     * held (breaker states, an operator's forcing) even when nothing built the one in between.
     */
    synchronized RuleRuntime builtOrPredecessor() {
        return runtime != null ? runtime : predecessor;
    }
}
