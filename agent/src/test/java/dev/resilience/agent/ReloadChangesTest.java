package dev.resilience.agent;

import dev.resilience.agent.instrument.Coverage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReloadChangesTest {

    /** Review: past 50 rules, a removed rule or a replaced breaker could fall into "and N more". */
    @Test
    void aLongReloadNamesRemovedRulesAndBreakerChangesFirst() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            parts.add("r" + i + " changed");
        }
        parts.add("pay changed (its breaker settings changed: a new breaker, CLOSED, replaces the OPEN one)");
        parts.add("legacy unchanged");
        parts.add("old removed");

        String line = ReloadChanges.shortened(parts);

        assertThat(line).startsWith("pay changed (its breaker settings changed: a new breaker, CLOSED, replaces the OPEN one),"
                + " old removed, r0 changed, ").contains("r47 changed, and 12 more rules added, changed or removed,"
                + " 1 rule unchanged").doesNotContain("r48");
    }

    /** Review: a kept breaker is the common case; it pushed a removed rule into the count. */
    @Test
    void keptBreakersDoNotCrowdOutARemovedRule() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            parts.add("r" + i + " changed (its breaker kept, CLOSED)");
        }
        parts.add("old removed");
        parts.add("obs changed (mode enforce -> observe)");

        assertThat(ReloadChanges.shortened(parts)).startsWith("old removed, obs changed (mode enforce -> observe),"
                + " r0 changed (its breaker kept, CLOSED), ").endsWith(", and 12 more rules added, changed or removed");
    }

    @Test
    void oneRuleBeyondTheLimitIsCountedInTheSingular() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i <= Coverage.LISTED_RULES; i++) {
            parts.add("r" + i + " added");
        }

        assertThat(ReloadChanges.shortened(parts)).endsWith("r49 added, and 1 more rule added, changed or removed");
    }
}
