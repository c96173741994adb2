package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call the agent could not end because its own code failed around it where no call was possible
 * (a stack overflow in the exit code: the woven handler only marks the frame stale). Audit: the
 * thread then took every later call of the rule for a nested one and ran it unprotected for good,
 * and the call kept its bulkhead place and its armed interrupt. Driven here the way the woven code
 * drives it: enter, then the handler's mark instead of a completed exit.
 */
class StaleFrameTest {
    private static final NanoClock REAL_CLOCK = System::nanoTime;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static Site site(String settings) {
        return InlineSites.bound("x.Stale", true, """
                version: 1
                rules:
                  - name: stale
                    match: { class: x.Stale, methods: [call] }
                """ + settings, REAL_CLOCK, nanos -> { });
    }

    @Test
    void theNextCallOfTheRuleIsProtectedAgain() {
        Site site = site("    timeout: off\n    retry: { maxAttempts: 3 }\n");
        Frame lost = Dispatch.enter(site.id());
        assertThat(lost).isNotNull();
        lost.stale = true; // what the woven handler does when Dispatch.exit overflowed the stack

        Frame next = Dispatch.enter(site.id());

        assertThat(next).as("a call of its own, not a nested one").isNotNull();
        assertThat(Dispatch.exit(next, null)).isEqualTo(Dispatch.PROCEED);
        Frame after = Dispatch.enter(site.id());
        assertThat(after).isNotNull();
        assertThat(Dispatch.exit(after, null)).isEqualTo(Dispatch.PROCEED);
        assertThat(site.stats().successes.sum()).isEqualTo(2);
    }

    @Test
    void theLostCallsBulkheadPlaceIsGivenBack() throws Exception {
        Site site = site("    timeout: off\n    retry: off\n    bulkhead: { maxConcurrent: 1, maxWait: 0ms }\n");
        Frame lost = Dispatch.enter(site.id());
        assertThat(lost.skip()).isFalse();
        lost.stale = true;

        Frame next = Dispatch.enter(site.id()); // this thread's next call ends the lost one first
        assertThat(next).isNotNull();
        assertThat(next.skip()).as("not refused by a full bulkhead").isFalse();
        assertThat(Dispatch.exit(next, null)).isEqualTo(Dispatch.PROCEED);

        Boolean refusedElsewhere = CompletableFuture.supplyAsync(() -> {
            Frame other = Dispatch.enter(site.id());
            boolean refused = other.skip();
            Dispatch.exit(other, null);
            return refused;
        }).get(10, TimeUnit.SECONDS);
        assertThat(refusedElsewhere).as("another thread finds the place free").isFalse();
        assertThat(site.stats().rejections.sum()).isZero();
    }

    @Test
    void theLostCallsInterruptIsDisarmed() throws Exception {
        Site site = site("    retry: off\n    timeout: { duration: 100ms, mode: interrupt }\n");
        Frame lost = Dispatch.enter(site.id());
        lost.stale = true;

        Frame next = Dispatch.enter(site.id());
        assertThat(next).isNotNull();
        assertThat(Dispatch.exit(next, null)).isEqualTo(Dispatch.PROCEED);
        Thread.sleep(300); // past the lost call's deadline

        assertThat(Thread.interrupted()).as("no interrupt from the lost call's timer").isFalse();
    }

    @Test
    void aMarkLeftOnAFrameAfterItsCallEndedIsForgotten() {
        Site site = site("    timeout: off\n    retry: off\n");
        Frame ended = Dispatch.enter(site.id());
        assertThat(Dispatch.exit(ended, null)).isEqualTo(Dispatch.PROCEED);
        ended.stale = true; // the woven handler after an overflow in takeError(): the call had ended

        Frame outer = Dispatch.enter(site.id()); // the same frame object, reused by a live call
        Frame nested = Dispatch.enter(site.id());

        assertThat(outer).isSameAs(ended);
        assertThat(nested).as("outer is live: the rule is not applied twice").isNull();
        assertThat(Dispatch.exit(outer, null)).isEqualTo(Dispatch.PROCEED);
        assertThat(site.stats().successes.sum()).isEqualTo(2);
    }

    /** Review: a stale nested call under an outer call that then ended left the outer rule active for good. */
    @Test
    void anOuterCallEndingAboveALostNestedCallEndsBoth() {
        for (String outerSettings : new String[] {"    timeout: off\n    retry: off\n",
                "    timeout: off\n    retry: off\n    bulkhead: { maxConcurrent: 1, maxWait: 0ms }\n"}) {
            Site outerSite = site(outerSettings);
            Site innerSite = InlineSites.bound("x.Inner", true, """
                    version: 1
                    rules:
                      - name: inner
                        match: { class: x.Inner, methods: [call] }
                        timeout: off
                      - name: other
                        match: { class: x.Other, methods: [call] }
                        timeout: off
                    """, REAL_CLOCK, nanos -> { });
            Frame outer = Dispatch.enter(outerSite.id());
            Frame inner = Dispatch.enter(innerSite.id());
            assertThat(inner).isNotNull();
            inner.stale = true;

            assertThat(Dispatch.exit(outer, null)).isEqualTo(Dispatch.PROCEED);
            Frame again = Dispatch.enter(outerSite.id());

            assertThat(again).as(outerSettings).isNotNull();
            assertThat(again.skip()).isFalse();
            assertThat(Dispatch.exit(again, null)).isEqualTo(Dispatch.PROCEED);
            Frame innerAgain = Dispatch.enter(innerSite.id());
            assertThat(innerAgain).isNotNull();
            assertThat(Dispatch.exit(innerAgain, null)).isEqualTo(Dispatch.PROCEED);
        }
    }
}
