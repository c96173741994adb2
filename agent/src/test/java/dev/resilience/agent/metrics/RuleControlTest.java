package dev.resilience.agent.metrics;

import dev.resilience.agent.instrument.Site;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleControlTest {
    private final Fixture fixture = new Fixture("""
              - name: svc
                match: { class: a.Client }
                circuitBreaker: { failureThreshold: 1 }
              - name: per-method
                match: { class: a.Other }
                circuitBreaker: { failureThreshold: 1, scope: method }
              - name: plain
                match: { class: a.Plain }
                circuitBreaker: off
            """);
    private final Inventory inventory = fixture.inventory();

    private RuleControl control(String rule) {
        return new RuleControl(rule, inventory, () -> fixture.installed);
    }

    @Test
    void forceOpenHoldsTheRuleBreakerOpenAndShowsItAsForcedUntilReset() {
        RuleControl svc = control("svc");

        svc.forceOpen();

        assertThat(fixture.runtime("svc").ruleBreaker().breaker().tryAcquirePermission()).isFalse();
        assertThat(svc.getBreakerState()).isEqualTo("FORCED_OPEN");
        assertThat(svc.getBreakerStates()).containsExactly("svc=FORCED_OPEN");
        svc.reset();
        assertThat(svc.getBreakerState()).isEqualTo("CLOSED");
        assertThat(fixture.runtime("svc").ruleBreaker().breaker().tryAcquirePermission()).isTrue();
    }

    @Test
    void forceClosedIgnoresFailures() {
        RuleControl svc = control("svc");
        svc.forceClosed();

        fixture.runtime("svc").ruleBreaker().breaker().onFailure(0, new IOException());

        assertThat(svc.getBreakerState()).isEqualTo("FORCED_CLOSED");
    }

    @Test
    void theSixFiguresAreTheRulesSums() {
        Site site = fixture.site("svc", "a.Client", "get");
        site.stats().successes.add(3);
        site.stats().failures.add(1);
        site.stats().retries.add(2);
        site.stats().timeouts.add(1);
        site.stats().rejections.add(4);
        site.binding().breaker().breaker().onFailure(0, new IOException());
        RuleControl svc = control("svc");

        assertThat(new long[] {svc.getRetryAttempts(), svc.getFailures(), svc.getSuccesses(), svc.getTimeouts(),
                svc.getBreakerOpens(), svc.getBreakerResets(), svc.getRejections()})
                .containsExactly(2, 1, 3, 1, 1, 0, 4);
        assertThat(svc.getBreakerState()).isEqualTo("OPEN");
        assertThat(svc.getMethods()).containsExactly("a.Client#get(java.lang.String)");
    }

    @Test
    void underScopeMethodTheOperationsActOnEveryMethodBreakerAndTheStateIsTheWorst() {
        Site get = fixture.site("per-method", "a.Other", "get");
        Site put = fixture.site("per-method", "a.Other", "put");
        RuleControl perMethod = control("per-method");
        put.binding().breaker().breaker().onFailure(0, new IOException());

        assertThat(perMethod.getBreakerState()).isEqualTo("OPEN");
        assertThat(perMethod.getBreakerStates()).containsExactly(
                "a.Other#get(java.lang.String)=CLOSED", "a.Other#put(java.lang.String)=OPEN");

        perMethod.forceOpen();

        assertThat(get.binding().breaker().breaker().tryAcquirePermission()).isFalse();
        assertThat(perMethod.getBreakerState()).isEqualTo("FORCED_OPEN");
    }

    @Test
    void aRuleWithoutBreakerSaysOffAndRefusesTheOperations() {
        RuleControl plain = control("plain");

        assertThat(plain.getBreakerState()).isEqualTo("OFF");
        assertThatThrownBy(plain::forceOpen).isInstanceOf(IllegalStateException.class).hasMessageContaining("circuitBreaker: off");
    }

    @Test
    void aMethodScopedRuleWithNoMethodYetHasNothingToForce() {
        assertThatThrownBy(control("per-method")::forceOpen).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no breaker to act on");
    }

    @Test
    void isAnMXBeanWithTheContractsAttributesAndOperations() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = JmxRules.objectName("svc");
        server.registerMBean(control("svc"), name);

        assertThat(name.toString()).isEqualTo("resilience-agent:type=Rule,name=svc");
        assertThat(server.getAttribute(name, "BreakerState")).isEqualTo("CLOSED");
        assertThat(server.getAttribute(name, "RetryAttempts")).isEqualTo(0L);
        server.invoke(name, "forceOpen", new Object[0], new String[0]);
        assertThat(server.getAttribute(name, "BreakerState")).isEqualTo("FORCED_OPEN");
    }
}
