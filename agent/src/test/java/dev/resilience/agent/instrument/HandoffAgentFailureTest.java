package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprologue.MidCallBody;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent failure in a hand-off call after a body has run never gives the caller a value nobody
 * produced: it gets the outcome of an attempt that ran. The failure is made to strike at each of
 * the first reads of the rule's clock after the backoff, so wherever the retry's setup stands.
 * Review: a retry that failed to start after the first attempt had failed gave the caller null, and
 * a failure of the worker's own code around the body reached the caller as the method's exception.
 */
class HandoffAgentFailureTest {
    private final AtomicInteger readsLeft = new AtomicInteger(Integer.MAX_VALUE);

    @AfterEach
    void restoreBody() {
        MidCallBody.body = () -> "plain";
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void theCallerGetsTheOutcomeOfAnAttemptThatRan(int cleanReadsAfterBackoff) {
        IllegalStateException first = new IllegalStateException("first attempt");
        IllegalStateException second = new IllegalStateException("second attempt");
        AtomicInteger bodies = new AtomicInteger();
        MidCallBody.body = () -> {
            throw bodies.incrementAndGet() == 1 ? first : second;
        };
        Site site = handoffSite(nanos -> readsLeft.set(cleanReadsAfterBackoff));

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame).as("the body ran: the advice must not run it again").isNotNull();
        assertThat(frame.error).isIn(first, second);
        assertThat(frame.error == first ? 1 : 2).as("attempts whose outcome the caller got").isEqualTo(bodies.get());
        if (readsLeft.get() < 0) { // the clock failed at least once
            assertThat(site.stats().agentErrors.sum()).as("the agent's failure is counted").isPositive();
        }
    }

    private Site handoffSite(dev.resilience.agent.core.Sleeper sleeper) {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: failing
                    match: { class: testprologue.MidCallBody, methods: [call] }
                    retry: { maxAttempts: 2, delay: 1ms, retryOn: [java.lang.IllegalStateException] }
                    circuitBreaker: off
                    timeout: { duration: 10s, mode: thread }
                """, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        NanoClock clock = () -> {
            if (readsLeft.getAndDecrement() <= 0) {
                throw new IllegalStateException("the agent's own failure");
            }
            return System.nanoTime();
        };
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, sleeper, line -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                new String[0], Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
