package dev.resilience.agent.core;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import dev.resilience.agent.policy.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a rule's runtime takes over from the runtime of the same rule before a reload changed it. */
class ReloadedRuntimeTest {
    private static final String RULE = """
              - name: svc
                match: { class: a.B }
                retry: { maxAttempts: 3, delay: 100ms, budget: { ratio: 20%, minPerSecond: 1 } }
                bulkhead: { maxConcurrent: 2 }
            """;

    private final FakeClock clock = new FakeClock();

    private RuleRuntime runtime(String rule, RuleRuntime predecessor) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n" + rule, "t.yaml");
        assertThat(result.errors()).isEmpty();
        Rule parsed = result.policy().rules().get(0);
        return new RuleRuntime(parsed, 0, clock, new FakeSleeper(clock), line -> { }, BreakerTransitions.NONE, predecessor);
    }

    /** Audit: a reload that changed only a retry delay gave the rule a fresh bulkhead, doubling the calls let in. */
    @Test
    void aChangedRuleKeepsCountingItsCallsInFlightAgainstItsBulkhead() throws InterruptedException {
        RuleRuntime before = runtime(RULE, null);
        assertThat(before.bulkhead.tryAcquire(0)).isTrue();
        assertThat(before.bulkhead.tryAcquire(0)).isTrue();

        RuleRuntime after = runtime(RULE.replace("delay: 100ms", "delay: 200ms"), before);

        assertThat(after.bulkhead.tryAcquire(0)).isFalse();
        before.bulkhead.release();
        assertThat(after.bulkhead.tryAcquire(0)).isTrue();
    }

    @Test
    void aChangedRuleWithTheSameBudgetKeepsItAndANewBudgetStartsAfresh() {
        RuleRuntime before = runtime(RULE, null);

        RuleRuntime retimed = runtime(RULE.replace("delay: 100ms", "delay: 200ms"), before);
        RuleRuntime rebudgeted = runtime(RULE.replace("ratio: 20%", "ratio: 30%"), retimed);
        RuleRuntime renamed = runtime(RULE.replace("name: svc", "name: other"), rebudgeted);

        assertThat(retimed.budget).isSameAs(before.budget);
        assertThat(rebudgeted.budget).isNotSameAs(before.budget);
        assertThat(renamed.budget).isNotSameAs(rebudgeted.budget);
        assertThat(renamed.bulkhead.available()).as("another rule's bulkhead: its own places").isEqualTo(2);
    }

    /** Operator audit: an observing breaker's OPEN state, kept after a switch to enforce, refused every call at once. */
    @Test
    void aBreakerIsKeptAcrossARetimingButNotAcrossAModeChange() {
        RuleRuntime before = runtime(RULE, null);

        RuleRuntime retimed = runtime(RULE.replace("delay: 100ms", "delay: 200ms"), before);
        RuleRuntime observing = runtime(RULE + "    mode: observe\n", retimed);

        assertThat(retimed.breakerFor("a.B#m()")).isSameAs(before.breakerFor("a.B#m()"));
        assertThat(observing.breakerFor("a.B#m()")).isNotSameAs(retimed.breakerFor("a.B#m()"));
        assertThat(observing.breakerInherited()).isFalse();
    }
}
