package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.log.AgentLog;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TEST ONLY: fault injection into the agent's own advice path, so tests can show that an internal
 * error never reaches the application (the original method runs unprotected) and is counted and
 * logged. {@code -Dresilience.agent.test.failInAdvice=RULE[,RULE...]} makes every call of those
 * rules fail inside {@link Dispatch} or {@link HandoffDispatch} with an {@link InjectedFault};
 * {@code -Dresilience.agent.test.failAfterAsyncBody=RULE[,RULE...]} makes them fail in
 * {@link AsyncCall} after the method returned its future. Never set either in production.
 *
 * <p>Read once, when the agent starts (the transformer is created); changing the property later
 * has no effect. Unset, the check is a test of a {@code static final} null, which the JIT removes.
 * Thread-safe.
 */
public final class TestFaults {
    public static final String FAIL_IN_ADVICE_PROPERTY = "resilience.agent.test.failInAdvice";
    /**
     * The same for the rules' asynchronous calls, at the worst point: after the method has returned
     * its future, with the attempt's timer armed and before the agent watches the future.
     */
    public static final String FAIL_AFTER_ASYNC_BODY_PROPERTY = "resilience.agent.test.failAfterAsyncBody";
    private static final Set<String> FAIL_IN_ADVICE = read(FAIL_IN_ADVICE_PROPERTY);
    private static final Set<String> FAIL_AFTER_ASYNC_BODY = read(FAIL_AFTER_ASYNC_BODY_PROPERTY);

    private TestFaults() {
    }

    /** The error the switch injects; a RuntimeException so it takes the path of an ordinary agent bug. */
    public static final class InjectedFault extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String rule) {
            super("test-only fault injected in the advice of rule " + rule + " by a -Dresilience.agent.test.* switch");
        }
    }

    private static Set<String> read(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> rules = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        AgentLog.logger().warn("TEST ONLY: -D" + property + " makes the advice of rules " + rules
                + " fail on every call; those methods run unprotected");
        return rules;
    }

    /** Reads the switch now (at start-up), not at the first protected call. */
    static void load() {
        // class initialisation has read it
    }

    /** Throws {@link InjectedFault} when the switch names this rule. */
    static void inAdvice(RuleRuntime rule) {
        if (FAIL_IN_ADVICE != null && FAIL_IN_ADVICE.contains(rule.name())) {
            throw new InjectedFault(rule.name());
        }
    }

    /** Throws {@link InjectedFault} when {@link #FAIL_AFTER_ASYNC_BODY_PROPERTY} names this rule. */
    static void afterAsyncBody(RuleRuntime rule) {
        if (FAIL_AFTER_ASYNC_BODY != null && FAIL_AFTER_ASYNC_BODY.contains(rule.name())) {
            throw new InjectedFault(rule.name());
        }
    }
}
