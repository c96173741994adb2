package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.instrument.Site;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryTest {
    private final Fixture fixture = new Fixture("""
              - name: svc
                match: { class: a.Client }
                timeout: 1s
              - name: per-method
                match: { class: a.Other }
                timeout: off
                circuitBreaker: { failureThreshold: 1, scope: method }
              - name: plain
                match: { class: a.Plain }
                timeout: off
                circuitBreaker: off
            """);

    @Test
    void aMethodGetsItsCallRetryTimeoutRejectionErrorAndDurationMetersOnceItsSiteIsSeen() {
        Inventory inventory = fixture.inventory();
        int agentWide = inventory.meterCount();
        fixture.site("svc", "a.Client", "get");

        inventory.refresh();

        assertThat(inventory.meters(agentWide)).extracting(MeterDef::toString).contains(
                "resilience.calls[rule=svc, method=a.Client#get(java.lang.String), outcome=success]",
                "resilience.calls[rule=svc, method=a.Client#get(java.lang.String), outcome=timeout]",
                "resilience.retry.attempts[rule=svc, method=a.Client#get(java.lang.String)]",
                "resilience.timeouts[rule=svc, method=a.Client#get(java.lang.String)]",
                "resilience.rejections[rule=svc, method=a.Client#get(java.lang.String)]",
                "resilience.agent.errors[rule=svc, method=a.Client#get(java.lang.String)]",
                "resilience.call.duration[rule=svc, method=a.Client#get(java.lang.String)]",
                "resilience.circuitbreaker.state[rule=svc, state=FORCED_OPEN]",
                "resilience.circuitbreaker.transitions[rule=svc, from=HALF_OPEN, to=CLOSED]");
        assertThat(inventory.meters(agentWide)).hasSize(5 + 4 + 1 + 5 + 5);
    }

    @Test
    void aRuleWithoutTimeoutHasNoDurationTimerAndARuleWithoutBreakerNoBreakerMeters() {
        Inventory inventory = fixture.inventory();
        fixture.site("plain", "a.Plain", "get");

        inventory.refresh();

        assertThat(inventory.meters(0)).extracting(MeterDef::name)
                .doesNotContain(MeterNames.CALL_DURATION, MeterNames.BREAKER_STATE, MeterNames.BREAKER_TRANSITIONS);
    }

    @Test
    void sitesOfOneMethodAddUpAndAreMeteredOnceAsAfterARetransformation() {
        Inventory inventory = fixture.inventory();
        Site first = fixture.site("svc", "a.Client", "get");
        inventory.refresh();
        int meters = inventory.meterCount();
        Site again = fixture.site("svc", "a.Client", "get");
        first.stats().successes.add(2);
        again.stats().successes.add(3);

        inventory.refresh();

        assertThat(inventory.meterCount()).isEqualTo(meters);
        assertThat(inventory.figures("svc").successes()).isEqualTo(5);
    }

    @Test
    void aSiteIsCountedOnceHoweverOftenTheInventoryIsRefreshed() {
        Inventory inventory = fixture.inventory();
        fixture.site("svc", "a.Client", "get").stats().failures.increment();

        inventory.refresh();
        inventory.refresh();

        assertThat(inventory.figures("svc").failures()).isEqualTo(1);
    }

    @Test
    void aRuleScopedBreakerIsOneViewWithAnEmptyMethodTag() {
        Inventory inventory = fixture.inventory();
        fixture.site("svc", "a.Client", "get");
        fixture.site("svc", "a.Client", "put");

        inventory.refresh();

        assertThat(inventory.breakersOf("svc")).singleElement().satisfies(view -> {
            assertThat(view.label()).isEqualTo("svc");
            assertThat(view.method()).isEqualTo(MeterNames.WHOLE_RULE);
        });
    }

    @Test
    void methodScopedBreakersAreOneViewPerMethodTaggedWithTheMethod() {
        Inventory inventory = fixture.inventory();
        fixture.site("per-method", "a.Other", "get");
        fixture.site("per-method", "a.Other", "put");

        inventory.refresh();

        assertThat(inventory.breakersOf("per-method")).extracting(BreakerView::method)
                .containsExactly("a.Other#get(java.lang.String)", "a.Other#put(java.lang.String)");
    }

    @Test
    void theRuleFiguresAreTheSumOverItsMethodsAndItsBreakersTransitions() throws Exception {
        Inventory inventory = fixture.inventory();
        Site get = fixture.site("per-method", "a.Other", "get");
        Site put = fixture.site("per-method", "a.Other", "put");
        get.stats().successes.add(4);
        put.stats().successes.add(1);
        get.stats().retries.add(2);
        put.stats().timeouts.add(3);
        put.stats().rejections.add(1);
        get.stats().failures.add(1);
        breakerOf(get).onFailure(0, new IOException());   // failureThreshold 1: opens
        breakerOf(put).onFailure(0, new IOException());
        fixture.clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(breakerOf(put).tryAcquirePermission()).isTrue(); // HALF_OPEN
        breakerOf(put).onSuccess(0);                                 // reset

        inventory.refresh();
        RuleFigures figures = inventory.figures("per-method");

        assertThat(figures).isEqualTo(new RuleFigures("per-method", 5, 1, 2, 3, 2, 1, 1, 0, 0));
        assertThat(figures.anyCalls()).isTrue();
        assertThat(figures.fields()).isEqualTo("successes=5 failures=1 retryAttempts=2 timeouts=3 breakerOpens=2"
                + " breakerResets=1 rejections=1 fallbacks=0 agentErrors=0");
    }

    @Test
    void aBreakerRebuiltByAReloadIsFollowed() {
        Inventory inventory = fixture.inventory();
        Site site = fixture.site("svc", "a.Client", "get");
        inventory.refresh();
        RuleRuntime.BreakerHandle rebuilt = new Fixture("""
                  - name: svc
                    match: { class: a.Client }
                """).runtime("svc").ruleBreaker();
        site.bind(new dev.resilience.agent.instrument.Binding(site.binding().rule(), rebuilt, null, null));
        rebuilt.breaker().forceOpen();

        inventory.refresh();

        assertThat(inventory.breakersOf("svc")).singleElement().extracting(BreakerView::state).isEqualTo("FORCED_OPEN");
    }

    /** A reload that gives a rule a timeout: its methods, seen before, get their duration timer, once. */
    @Test
    void aMethodWhoseRuleGainsATimeoutGetsItsDurationTimer() {
        Fixture untimed = new Fixture("""
                  - name: svc
                    match: { class: a.Client }
                    timeout: off
                """);
        Inventory inventory = untimed.inventory();
        Site site = untimed.site("svc", "a.Client", "get");
        assertThat(inventory.meters(0)).extracting(MeterDef::name).doesNotContain(MeterNames.CALL_DURATION);

        untimed.reload("""
                  - name: svc
                    match: { class: a.Client }
                    timeout: 1s
                """);
        untimed.rebind(site, "svc");
        inventory.refresh();
        inventory.refresh();

        assertThat(inventory.meters(0)).filteredOn(m -> m.name().equals(MeterNames.CALL_DURATION)).singleElement()
                .extracting(MeterDef::toString).isEqualTo("resilience.call.duration[rule=svc, method=a.Client#get(java.lang.String)]");
    }

    /** A breaker no method uses any more (rule removed, scope changed) reads 0 in every state: alerts on OPEN stop. */
    @Test
    void aBreakerNoMethodIsBoundToAnyMoreReadsZeroInEveryState() {
        Inventory inventory = fixture.inventory();
        Site site = fixture.site("svc", "a.Client", "get");
        breakerOf(site).forceOpen();
        inventory.refresh();
        BreakerView view = inventory.breakersOf("svc").get(0);
        assertThat(view.state()).isEqualTo("FORCED_OPEN");

        site.bind(null); // the rule was removed by a reload
        inventory.refresh();

        assertThat(view.state()).isEmpty();
        assertThat(inventory.breakersOf("svc")).isEmpty();
        assertThat(inventory.meters(0)).filteredOn(m -> m.name().equals(MeterNames.BREAKER_STATE))
                .allSatisfy(m -> assertThat(m.value()).isZero());
    }

    private CircuitBreaker breakerOf(Site site) {
        return site.binding().breaker().breaker();
    }
}
