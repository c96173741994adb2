package dev.resilience.agent.core;

import dev.resilience.agent.policy.BreakerSettings;
import dev.resilience.agent.policy.RetrySettings;
import dev.resilience.agent.policy.Rule;
import dev.resilience.agent.policy.TimeoutSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A rule compiled for the hot path: every setting turned into nanoseconds, matchers and shared
 * state (the rule-scoped breaker, bulkhead, retry budget) built once. Calls read it without
 * locking. Thread-safe; immutable apart from the shared primitives, which are thread-safe.
 */
public final class RuleRuntime {
    private final Rule rule;
    private final int index;
    private final NanoClock clock;
    private final Sleeper sleeper;
    private final Consumer<String> log;
    private final BreakerTransitions.TransitionSink transitionSink;

    final boolean observe;
    final int maxAttempts;
    final Backoff backoff;
    final ExceptionMatcher retryOn;
    final ExceptionMatcher abortOn;
    final ExceptionMatcher ignoreOn;
    final RetryBudget budget;
    final boolean[] failureStatus;
    private final boolean hasFailureStatuses;
    final long maxDelayNanos;
    final long timeoutNanos;
    final boolean interruptMode;
    final Bulkhead bulkhead;
    final long bulkheadWaitNanos;
    final boolean hasFallback;
    final boolean timed;
    private final boolean light;
    private final BreakerHandle ruleBreaker;
    /** {@code scope: method}: each method's breaker, by method label. Guarded by itself. */
    private final Map<String, BreakerHandle> methodBreakers = new HashMap<>();
    private final boolean breakerInherited;
    /**
     * {@code scope: method}: the states an operator forced the replaced runtime's method breakers
     * to, by method label, when the breaker settings changed but not the scope; each is taken over
     * once, by the new breaker of that method ({@link CircuitBreaker#keepForcing}), and an
     * operator's action on the rule forgets the rest. Guarded by {@link #methodBreakers}.
     */
    private final Map<String, CircuitBreaker.State> forcedMethods = new HashMap<>();

    /** A breaker together with the counter of its transitions. */
    public record BreakerHandle(CircuitBreaker breaker, BreakerTransitions transitions) { }

    /**
     * @param index identifies the rule for nesting detection: unique among the rules in force (InstalledPolicy
     *              gives every runtime a JVM-wide unique one, as a reload may keep a runtime)
     * @param log   receives one line per breaker transition
     */
    public RuleRuntime(Rule rule, int index, NanoClock clock, Sleeper sleeper, Consumer<String> log,
                       BreakerTransitions.TransitionSink transitionSink) {
        this(rule, index, clock, sleeper, log, transitionSink, null);
    }

    /**
     * @param predecessor the runtime this one replaces on a reload, or null: when it is of a rule of the
     *                    same name with the same breaker settings, its breakers (state, window, counts)
     *                    carry over, so changing a rule's retry or timeout during an incident does not
     *                    close an open circuit
     */
    public RuleRuntime(Rule rule, int index, NanoClock clock, Sleeper sleeper, Consumer<String> log,
                       BreakerTransitions.TransitionSink transitionSink, RuleRuntime predecessor) {
        this.rule = rule;
        this.index = index;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
        this.transitionSink = transitionSink;
        this.observe = rule.mode() == Rule.Mode.OBSERVE;

        RetrySettings retry = rule.retry();
        this.maxAttempts = retry == null ? 1 : retry.maxAttempts();
        this.backoff = retry == null ? null : Backoff.of(retry);
        this.retryOn = retry == null ? ExceptionMatcher.NONE : ExceptionMatcher.of(retry.retryOn());
        this.abortOn = retry == null ? ExceptionMatcher.NONE : ExceptionMatcher.of(retry.abortOn());
        this.budget = retry == null || retry.budget() == null ? null
                : predecessor != null && predecessor.rule.name().equals(rule.name()) && predecessor.budget != null
                        && retry.budget().equals(predecessor.rule.retry().budget()) ? predecessor.budget
                : RetryBudget.of(retry.budget(), clock);
        this.maxDelayNanos = retry == null ? 0 : retry.maxDelay().toNanos();
        this.failureStatus = new boolean[600];
        if (retry != null) {
            for (int status : retry.onStatus()) {
                failureStatus[status] = true;
            }
        }
        // asked after every call of a hand-off site: not a loop over 600 entries each time
        this.hasFailureStatuses = retry != null && !retry.onStatus().isEmpty();

        TimeoutSettings timeout = rule.timeout();
        this.timeoutNanos = timeout == null ? 0 : timeout.duration().toNanos();
        this.interruptMode = timeout != null && timeout.mode() == TimeoutSettings.Mode.INTERRUPT;

        BreakerSettings breaker = rule.circuitBreaker();
        this.ignoreOn = breaker == null ? ExceptionMatcher.NONE : ExceptionMatcher.of(breaker.ignoreOn());
        // Nor across a change of mode (operator audit): an observing breaker's OPEN state refused nothing, and
        // kept, it would refuse every call at once after a switch to enforce, in lines that said observe.
        boolean inherit = breaker != null && predecessor != null && predecessor.rule.name().equals(rule.name())
                && breaker.equals(predecessor.rule.circuitBreaker()) && predecessor.observe == observe;
        if (inherit) {
            synchronized (predecessor.methodBreakers) {
                methodBreakers.putAll(predecessor.methodBreakers);
            }
            long longestTrial = longestTrialNanos(); // the timeout or bulkhead wait may have changed
            methodBreakers.values().forEach(handle -> handle.breaker().allowTrialsOf(longestTrial));
            if (predecessor.ruleBreaker != null) {
                predecessor.ruleBreaker.breaker().allowTrialsOf(longestTrial);
            }
        }
        this.breakerInherited = inherit;
        // An operator's forcing outlives a change of the breaker's settings, not of its scope (other breakers).
        boolean carryForcing = breaker != null && !inherit && predecessor != null
                && predecessor.rule.name().equals(rule.name()) && predecessor.rule.circuitBreaker() != null
                && predecessor.rule.circuitBreaker().scope() == breaker.scope();
        this.ruleBreaker = breaker == null || breaker.scope() == BreakerSettings.Scope.METHOD ? null
                : inherit ? predecessor.ruleBreaker : newBreaker(rule.name());
        if (carryForcing && ruleBreaker != null && predecessor.ruleBreaker != null
                && predecessor.ruleBreaker.breaker().isForced()) {
            ruleBreaker.breaker().keepForcing(predecessor.ruleBreaker.breaker().state());
        }
        if (carryForcing && ruleBreaker == null) {
            synchronized (predecessor.methodBreakers) {
                for (Map.Entry<String, BreakerHandle> e : predecessor.methodBreakers.entrySet()) {
                    if (e.getValue().breaker().isForced()) {
                        forcedMethods.put(e.getKey(), e.getValue().breaker().state());
                    }
                }
            }
        }

        // The same rule's bulkhead and retry budget carry over a reload that changed the rule: its calls in
        // flight keep counting against the (new) limit, and the budget keeps the retries it has seen.
        boolean sameRule = predecessor != null && predecessor.rule.name().equals(rule.name());
        this.bulkhead = rule.bulkhead() == null ? null
                : sameRule && predecessor.bulkhead != null ? predecessor.bulkhead.succeeding(rule.bulkhead())
                : Bulkhead.of(rule.bulkhead());
        this.bulkheadWaitNanos = rule.bulkhead() == null ? 0 : rule.bulkhead().maxWait().toNanos();
        this.hasFallback = rule.fallback() != null;
        // Durations are only read when something needs them: clock reads are the dearest part of a call.
        this.timed = timeoutNanos > 0 || (breaker != null && breaker.slowCallDuration() != null);
        this.light = !observe && bulkhead == null && !timed && budget == null;
    }

    private BreakerHandle newBreaker(String label) {
        BreakerTransitions transitions = new BreakerTransitions(label, log, transitionSink, observe);
        return new BreakerHandle(CircuitBreaker.create(rule.circuitBreaker(), longestTrialNanos(), clock, transitions), transitions);
    }

    /**
     * How long an attempt may hold its breaker's permit: its bulkhead wait, then its timeout;
     * unbounded without a timeout (a trial that long may be slow, not lost).
     */
    private long longestTrialNanos() {
        if (timeoutNanos <= 0) {
            return CircuitBreaker.UNBOUNDED;
        }
        long longest = (rule.bulkhead() == null ? 0 : rule.bulkhead().maxWait().toNanos()) + timeoutNanos;
        return longest < 0 ? CircuitBreaker.UNBOUNDED : longest;
    }

    /** An operator acted on the rule's breakers: forcings carried over from before a reload no longer apply. */
    public void forgetCarriedForcing() {
        synchronized (methodBreakers) {
            forcedMethods.clear();
        }
    }

    /**
     * The breaker a method of this rule uses: the rule's own, a fresh one for {@code scope: method},
     * or null when the breaker is off.
     */
    public BreakerHandle breakerFor(String methodLabel) {
        if (rule.circuitBreaker() == null) {
            return null;
        }
        if (ruleBreaker != null) {
            return ruleBreaker;
        }
        synchronized (methodBreakers) {
            BreakerHandle handle = methodBreakers.get(methodLabel);
            if (handle == null) {
                handle = newBreaker(rule.name() + " " + methodLabel);
                CircuitBreaker.State forced = forcedMethods.remove(methodLabel);
                if (forced != null) {
                    handle.breaker().keepForcing(forced);
                }
                methodBreakers.put(methodLabel, handle);
            }
            return handle;
        }
    }

    /** Under {@code scope: method}: each method breaker made so far, by label, with its state's name; a copy. */
    public Map<String, String> methodBreakerStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        synchronized (methodBreakers) {
            for (Map.Entry<String, BreakerHandle> entry : methodBreakers.entrySet()) {
                states.put(entry.getKey(), entry.getValue().breaker().stateName());
            }
        }
        return states;
    }

    /** Every breaker of the rule made so far: the rule's own, or each method's under {@code scope: method}. */
    public List<BreakerHandle> breakers() {
        if (ruleBreaker != null) {
            return List.of(ruleBreaker);
        }
        synchronized (methodBreakers) {
            return List.copyOf(methodBreakers.values());
        }
    }

    /** True when this runtime took its breakers over from the one it replaced (same breaker settings). */
    public boolean breakerInherited() {
        return breakerInherited;
    }

    /** The rule-scoped breaker, or null (breaker off or scoped per method). */
    public BreakerHandle ruleBreaker() {
        return ruleBreaker;
    }

    public Rule rule() {
        return rule;
    }

    public String name() {
        return rule.name();
    }

    public int index() {
        return index;
    }

    public boolean observe() {
        return observe;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    public boolean interruptMode() {
        return interruptMode;
    }

    /** True when, observing, enforcement would run the method body on a timeout worker ({@code timeout.mode: thread}). */
    public boolean observesWorkerTimeout() {
        return timeoutNanos > 0 && !interruptMode && observe;
    }

    /** True when the method body must run on a timeout worker ({@code timeout.mode: thread}, enforced). */
    public boolean needsWorkerThread() {
        return timeoutNanos > 0 && !interruptMode && !observe;
    }

    public boolean isFailureStatus(int status) {
        return status >= 0 && status < failureStatus.length && failureStatus[status];
    }

    public boolean hasFailureStatuses() {
        return hasFailureStatuses;
    }

    public boolean hasFallback() {
        return hasFallback;
    }

    /** True when calls are timed (a timeout or a slow-call breaker), so call durations are recorded. */
    public boolean measuresDurations() {
        return timed;
    }

    /**
     * True when a call's first attempt needs nothing but the breaker's permit: no clock, bulkhead,
     * retry budget or observation. Such a call can start, and end in success, without a
     * {@link CallExecution}; one that fails is handed to {@link CallExecution#resumeFirstAttempt}.
     * An enclosing call's deadline still makes a call timed: callers check that themselves.
     */
    public boolean light() {
        return light;
    }

    /**
     * True when the rule's fallback may replace this failure of the method's: not an {@code abortOn}
     * exception (the contract's exception), and not an {@link Error}: an assertion, a linkage problem
     * or a JVM out of memory is a bug or a broken process, which a default value would hide. Not
     * asked for a timeout or a refusal: the contract serves the fallback when the call timed out,
     * the circuit is open or the bulkhead full, whatever {@code abortOn} lists (it keeps a timeout
     * from being retried, not from falling back). Asked for an interrupted wait, like the method's own failures.
     *
     * @param judgedAs the type the failure is judged by: what the method threw, or for the agent's
     *                 own failures its own type, even when {@code onFailure} shows the caller an Error
     */
    boolean fallsBackOn(Throwable failure, Class<?> judgedAs) {
        Class<?> type = judgedAs != null ? judgedAs : failure.getClass();
        return !Error.class.isAssignableFrom(type) && !abortOn.matches(failure);
    }

    public NanoClock clock() {
        return clock;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /** Every breaker transition counter of this rule (one, or one per method under scope: method). */
    public static List<BreakerTransitions> transitionsOf(List<BreakerHandle> handles) {
        return handles.stream().map(BreakerHandle::transitions).distinct().toList();
    }
}
