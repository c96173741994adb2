package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.log.AgentLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link RuleMXBean} of one rule. Reads the figures from the inventory at each call and finds
 * the rule's breakers in the policy in force, so a reload that rebuilds them is followed. Operator
 * actions are logged. Thread-safe.
 */
final class RuleControl implements RuleMXBean {
    private static final List<String> SEVERITY = List.of("CLOSED", "FORCED_CLOSED", "HALF_OPEN", "OPEN", "FORCED_OPEN");

    private final String rule;
    private final Inventory inventory;
    private final Supplier<InstalledPolicy> installed;

    RuleControl(String rule, Inventory inventory, Supplier<InstalledPolicy> installed) {
        this.rule = rule;
        this.inventory = inventory;
        this.installed = installed;
    }

    private RuleFigures figures() {
        inventory.refresh();
        return inventory.figures(rule);
    }

    /** The rule's breakers by label: the rule's own, or one per method seen so far; empty when it has none. */
    private Map<String, CircuitBreaker> breakers() {
        inventory.refresh();
        Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
        RuleRuntime runtime = runtime();
        if (runtime != null && runtime.ruleBreaker() != null) {
            breakers.put(rule, runtime.ruleBreaker().breaker());
            return breakers;
        }
        for (BreakerView view : inventory.breakersOf(rule)) {
            breakers.put(view.method().isEmpty() ? rule : view.method(), view.breaker());
        }
        return breakers;
    }

    private RuleRuntime runtime() {
        InstalledPolicy policy = installed.get();
        if (policy == null) {
            return null;
        }
        for (RuleRuntime runtime : policy.runtimes()) {
            if (runtime.name().equals(rule)) {
                return runtime;
            }
        }
        return null;
    }

    private boolean hasBreaker() {
        RuleRuntime runtime = runtime();
        return runtime != null ? runtime.rule().circuitBreaker() != null : !inventory.breakersOf(rule).isEmpty();
    }

    @Override
    public String getBreakerState() {
        if (!hasBreaker()) {
            return "OFF";
        }
        String worst = "CLOSED";
        for (CircuitBreaker breaker : breakers().values()) {
            String state = BreakerView.stateOf(breaker);
            if (SEVERITY.indexOf(state) > SEVERITY.indexOf(worst)) {
                worst = state;
            }
        }
        return worst;
    }

    @Override
    public String[] getBreakerStates() {
        List<String> states = new ArrayList<>();
        breakers().forEach((label, breaker) -> states.add(label + "=" + BreakerView.stateOf(breaker)));
        return states.toArray(String[]::new);
    }

    @Override
    public long getSuccesses() {
        return figures().successes();
    }

    @Override
    public long getFailures() {
        return figures().failures();
    }

    @Override
    public long getRetryAttempts() {
        return figures().retryAttempts();
    }

    @Override
    public long getTimeouts() {
        return figures().timeouts();
    }

    @Override
    public long getBreakerOpens() {
        return figures().breakerOpens();
    }

    @Override
    public long getBreakerResets() {
        return figures().breakerResets();
    }

    @Override
    public long getRejections() {
        return figures().rejections();
    }

    @Override
    public long getFallbacks() {
        return figures().fallbacks();
    }

    @Override
    public long getAgentErrors() {
        return figures().agentErrors();
    }

    @Override
    public String[] getMethods() {
        inventory.refresh();
        return inventory.methodsOf(rule).toArray(String[]::new);
    }

    @Override
    public void forceOpen() {
        operate("forced OPEN", "every call is rejected until reset", true, CircuitBreaker::forceOpen);
    }

    /** What forcing means for a rule in mode: observe, which refuses nothing, forced or not. */
    private static String observing(String what) {
        return what.endsWith("OPEN") ? ", but the rule is in mode: observe: no call is refused, each counts as a would-be"
                + " rejection" : " (the rule is in mode: observe)";
    }

    @Override
    public void forceClosed() {
        operate("forced CLOSED", "failures no longer open it until reset", true, CircuitBreaker::forceClosed);
    }

    @Override
    public void reset() {
        operate("reset to CLOSED", "it counts afresh", false, CircuitBreaker::reset);
    }

    private void operate(String what, String meaning, boolean forcing, Consumer<CircuitBreaker> action) {
        if (!hasBreaker()) {
            throw new IllegalStateException(runtime() == null ? "rule " + rule + " is not in the policy in force"
                    : "rule " + rule + " has no circuit breaker (circuitBreaker: off)");
        }
        Map<String, CircuitBreaker> breakers = breakers();
        if (breakers.isEmpty()) {
            throw new IllegalStateException("rule " + rule + " has scope: method and no method has been called"
                    + " or instrumented yet: there is no breaker to act on");
        }
        breakers.values().forEach(action);
        RuleRuntime runtime = runtime();
        if (runtime != null) {
            runtime.forgetCarriedForcing(); // a method bound later must not come up forced after this
        }
        String which = breakers.size() == 1 ? "breaker " + breakers.keySet().iterator().next()
                : breakers.size() + " breakers of rule " + rule;
        // (operator audit) an observing rule refuses nothing, forced or not: the line must not say otherwise
        String line = which + " " + what + " by an operator over JMX: " + meaning
                + (runtime != null && runtime.observe() && forcing ? observing(what) : "");
        if (forcing) {
            AgentLog.logger().warn(line);
        } else {
            AgentLog.logger().info(line);
        }
    }
}
