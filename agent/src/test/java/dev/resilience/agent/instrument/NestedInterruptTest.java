package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two rules in {@code mode: interrupt}, the inner call's deadline cut to the outer's: whichever timer
 * fires first, the inner body takes the one interrupt, and the outer body, going on after the inner
 * call failed, must be interrupted too; nothing is left set once the outer call ends.
 */
class NestedInterruptTest {
    private static final String RULES = """
            version: 1
            defaults: { retry: off, circuitBreaker: off }
            rules:
              - name: outer
                match: { class: x.Outer }
                timeout: { duration: %s, mode: interrupt }
              - name: inner
                match: { class: x.Inner }
                timeout: { duration: 5s, mode: interrupt }
            """;

    private static Site[] sites(String outerTimeout, NanoClock clock) {
        LoadResult loaded = PolicyLoader.parse(RULES.formatted(outerTimeout), "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
        Site[] sites = new Site[2];
        for (int rule = 0; rule < 2; rule++) {
            String owner = rule == 0 ? "x.Outer" : "x.Inner";
            Site site = Sites.register(id -> new Site(id, owner, "call", "()Ljava/lang/String;", new String[0],
                    Site.Kind.INLINE, true, false, false, NestedInterruptTest.class.getClassLoader()));
            site.bind(policy.bind(site, policy.runtime(rule), null));
            sites[rule] = site;
        }
        return sites;
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /**
     * Review: the outer call's timer fired first (armed first, it heads the timer's heap), the inner body
     * took that interrupt, and the inner call, disarmed before its own timer got to it, owed nothing.
     */
    @Test
    void anInterruptFromTheOuterTimerTakenByTheInnerBodyIsGivenBack() {
        AtomicLong now = new AtomicLong(System.nanoTime());
        Site[] sites = sites("500ms", now::get);
        Frame outer = Dispatch.enter(sites[0].id());
        Frame inner = Dispatch.enter(sites[1].id());
        assertThat(inner.interruptDeadline).isEqualTo(outer.interruptDeadline);
        Thread.currentThread().interrupt(); // the outer timer's interrupt, which the inner body takes:
        assertThat(Thread.interrupted()).isTrue(); // its InterruptedException clears the flag
        now.addAndGet(Duration.ofMillis(600).toNanos()); // past the shared deadline, neither timer fired yet

        Dispatch.exit(inner, new IOException("interrupted"));
        boolean outerBodyInterrupted = Thread.currentThread().isInterrupted();
        Dispatch.exit(outer, null);

        assertThat(outerBodyInterrupted).as("the outer body, after the inner call failed").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("left set once the outer call ended").isFalse();
    }

    /** The same with the real timer and clock, either timer firing first: never missed, never left set. */
    @Test
    void withTheRealTimerTheOuterBodyIsAlwaysInterruptedAndNothingIsLeftSet() {
        Site[] sites = sites("5ms", NanoClock.SYSTEM);
        int missed = 0;
        int leftSet = 0;
        for (int round = 0; round < 200; round++) {
            Frame outer = Dispatch.enter(sites[0].id());
            Frame inner = Dispatch.enter(sites[1].id());
            Throwable thrown = null;
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                thrown = new IOException("interrupted");
            }
            Dispatch.exit(inner, thrown);
            if (!Thread.currentThread().isInterrupted()) {
                missed++;
            }
            Dispatch.exit(outer, null);
            if (Thread.interrupted()) {
                leftSet++;
            }
        }
        assertThat(missed).isZero();
        assertThat(leftSet).isZero();
    }
}
