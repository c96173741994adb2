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
 * rules fail inside {@link Dispatch} or {@link HandoffDispatch} with an {@link InjectedFault}. Never set it in production.
 *
 * <p>Read once, when the agent starts (the transformer is created); changing the property later
 * has no effect. Unset, the check is a test of a {@code static final} null, which the JIT removes.
 * Thread-safe.
 */
public final class TestFaults {
    public static final String FAIL_IN_ADVICE_PROPERTY = "resilience.agent.test.failInAdvice";
    private static final Set<String> FAIL_IN_ADVICE = read(System.getProperty(FAIL_IN_ADVICE_PROPERTY));

    private TestFaults() {
    }

    /** The error the switch injects; a RuntimeException so it takes the path of an ordinary agent bug. */
    public static final class InjectedFault extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String rule) {
            super("test-only fault injected in the advice of rule " + rule + " by -D" + FAIL_IN_ADVICE_PROPERTY);
        }
    }

    private static Set<String> read(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> rules = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        AgentLog.logger().warn("TEST ONLY: -D" + FAIL_IN_ADVICE_PROPERTY + " makes the advice of rules " + rules
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
}
