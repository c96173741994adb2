package dev.resilience.agent.instrument;

import dev.resilience.agent.api.CallTimeoutException;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import testprologue.MidCallBody;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit (virtual threads): in {@code mode: thread} a caller kept from running until after its body
 * had returned late (its carriers busy) took the late result as a success, while interrupt mode
 * failed the same call as timed out and counted it. The verdict follows when the body ended, on the
 * rule's clock, not when the caller got to look; here the body moves that clock as time passing would.
 */
class LateBodyTest {
    private final AtomicLong now = new AtomicLong();

    @AfterEach
    void restoreBody() {
        MidCallBody.body = () -> "plain";
    }

    @Test
    void aBodyThatReturnsPastItsDeadlineTimesOutThoughItsCallerLooksOnlyThen() {
        Site site = handoffSite();
        MidCallBody.body = () -> {
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            return "late";
        };

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame.error).isInstanceOf(CallTimeoutException.class);
        assertThat(frame.value).isNull();
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
        assertThat(site.stats().successes.sum()).isZero();
    }

    @Test
    void aBodyThatReturnsInTimeSucceedsHoweverLateItsCallerLooks() {
        Site site = handoffSite();
        MidCallBody.body = () -> {
            now.addAndGet(Duration.ofMillis(500).toNanos());
            return "in time";
        };

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame.error).isNull();
        assertThat(frame.value).isEqualTo("in time");
        assertThat(site.stats().successes.sum()).isEqualTo(1);
        assertThat(site.stats().timeouts.sum()).isZero();
    }

    private Site handoffSite() {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: late
                    match: { class: testprologue.MidCallBody, methods: [call] }
                    retry: off
                    circuitBreaker: off
                    timeout: { duration: 1s, mode: thread }
                """, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        NanoClock clock = now::get;
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "call", "()Ljava/lang/String;",
                new String[0], Site.Kind.HANDOFF, false, false, MidCallBody.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
