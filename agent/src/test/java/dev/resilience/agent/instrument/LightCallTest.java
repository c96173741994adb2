package dev.resilience.agent.instrument;

import dev.resilience.agent.api.CircuitOpenIOException;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.NanoClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The light inline path (a rule without timeout, bulkhead, retry budget or observation): a call
 * holds only the breaker's permit until its body fails, then the call's execution takes over as
 * if it had begun the call. Driven here the way the inlined advice drives it.
 */
class LightCallTest {
    private final AtomicLong now = new AtomicLong();
    private final NanoClock clock = now::get;

    private Site site(String rule) {
        Site site = InlineSites.bound("x.Light", true, """
                version: 1
                rules:
                  - name: light
                    match: { class: x.Light, methods: [call] }
                    timeout: off
                """ + rule, clock, nanos -> { });
        assertThat(site.binding().light()).isTrue();
        return site;
    }

    @Test
    void aSuccessIsCountedOnceAndLeavesNoRuleActive() {
        Site site = site("    retry: { maxAttempts: 3 }\n");

        Frame frame = Dispatch.enter(site.id());
        assertThat(Dispatch.exit(frame, null)).isEqualTo(Dispatch.PROCEED);
        Frame next = Dispatch.enter(site.id());

        assertThat(next).as("not seen as a nested call of an active rule").isNotNull();
        assertThat(Dispatch.exit(next, null)).isEqualTo(Dispatch.PROCEED);
        assertThat(site.stats().successes.sum()).isEqualTo(2);
        assertThat(site.stats().retries.sum()).isZero();
    }

    @Test
    void aFailingBodyIsRetriedInPlaceThenSucceeds() {
        Site site = site("    retry: { maxAttempts: 3, delay: 1ms }\n");

        Frame frame = Dispatch.enter(site.id());
        assertThat(Dispatch.exit(frame, new IOException("1"))).isEqualTo(Dispatch.REPEAT);
        assertThat(Dispatch.exit(frame, new IOException("2"))).isEqualTo(Dispatch.REPEAT);
        assertThat(Dispatch.exit(frame, null)).isEqualTo(Dispatch.PROCEED);

        assertThat(site.stats().retries.sum()).isEqualTo(2);
        assertThat(site.stats().successes.sum()).isEqualTo(1);
        assertThat(site.stats().failures.sum()).isZero();
    }

    @Test
    void failuresOpenTheBreakerAndTheNextCallIsRefusedBeforeItsBody() {
        Site site = site("    retry: off\n    circuitBreaker: { failureThreshold: 2, openDuration: 1s }\n");
        IOException last = new IOException("2");

        Frame first = Dispatch.enter(site.id());
        assertThat(Dispatch.exit(first, new IOException("1"))).isEqualTo(Dispatch.PROCEED);
        Frame second = Dispatch.enter(site.id());
        assertThat(Dispatch.exit(second, last)).as("the body's own exception stands").isEqualTo(Dispatch.PROCEED);
        Frame refused = Dispatch.enter(site.id());

        assertThat(site.binding().circuitBreaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(refused.skip()).isTrue();
        assertThat(Dispatch.exit(refused, null)).isEqualTo(Dispatch.THROW);
        assertThat(refused.takeError()).isInstanceOf(CircuitOpenIOException.class);
        assertThat(site.stats().failures.sum()).isEqualTo(2);
        assertThat(site.stats().rejections.sum()).isEqualTo(1);
    }

    @Test
    void aHalfOpenTrialTakenByTheLightPathClosesTheBreakerOnSuccess() {
        Site site = site("    retry: off\n    circuitBreaker: { failureThreshold: 1, openDuration: 1s, halfOpenCalls: 1 }\n");
        Dispatch.exit(Dispatch.enter(site.id()), new IOException("opens"));
        now.addAndGet(1_000_000_000L);

        Frame trial = Dispatch.enter(site.id());
        assertThat(site.binding().circuitBreaker().state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(Dispatch.enter(site.id())).as("nested call of the active rule runs unprotected").isNull();
        assertThat(Dispatch.exit(trial, null)).isEqualTo(Dispatch.PROCEED);

        assertThat(site.binding().circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
