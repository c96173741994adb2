package dev.resilience.agent.core;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of {@link CallExecution} share: a rule from YAML on a fake clock and sleeper, and its figures. */
abstract class ExecutionFixture {
    final FakeClock clock = new FakeClock();
    final FakeSleeper sleeper = new FakeSleeper(clock);
    final List<String> transitions = new ArrayList<>();
    final CallStats stats = new CallStats();

    RuleRuntime rule(String body) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: svc\n    match: { class: a.B }\n" + body, "t.yaml");
        assertThat(result.errors()).isEmpty();
        return new RuleRuntime(result.policy().rules().get(0), 0, clock, sleeper, transitions::add, BreakerTransitions.NONE);
    }

    static CallExecution start(RuleRuntime rule, CallStats stats) {
        RuleRuntime.BreakerHandle breaker = rule.breakerFor("a.B#m()");
        return new CallExecution().begin(rule, breaker == null ? null : breaker.breaker(), stats, Long.MAX_VALUE);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }
}
