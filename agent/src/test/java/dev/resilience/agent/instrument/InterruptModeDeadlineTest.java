package dev.resilience.agent.instrument;

import dev.resilience.agent.api.CallTimeoutException;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprologue.MidCallBody;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code timeout.mode: interrupt} decides "timed out" from the deadline, not only from the timer
 * thread having fired: on a loaded machine that thread can run late, and a body that ends past
 * its deadline before the interrupt arrives must still fail as timed out (contract: "still fails
 * as timed out").
 */
class InterruptModeDeadlineTest {
    /** Far ahead of the real clock, so the real interrupt timer never fires during the test. */
    private final AtomicLong now = new AtomicLong(System.nanoTime() + Duration.ofHours(1).toNanos());
    private final NanoClock clock = now::get;

    private Site siteFor(String timeoutMode) {
        return InlineSites.bound("x.Late", false, """
                version: 1
                rules:
                  - name: late
                    match: { class: x.Late, methods: [call] }
                    retry: { maxAttempts: 1 }
                    timeout: { duration: 100ms, mode: %s }
                """.formatted(timeoutMode), clock, Sleeper.SYSTEM);
    }

    @Test
    void aBodyEndingPastItsDeadlineBeforeTheTimerFiresFailsAsTimedOut() {
        Site site = siteFor("interrupt");

        Frame frame = Dispatch.enter(site.id());
        assertThat(frame).isNotNull();
        assertThat(frame.skip()).isFalse();
        now.addAndGet(Duration.ofMillis(150).toNanos()); // the body overran; the timer has not fired

        int decision = Dispatch.exit(frame, null);

        assertThat(decision).isEqualTo(Dispatch.THROW);
        assertThat(frame.takeError()).isInstanceOf(CallTimeoutException.class);
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
        assertThat(site.stats().successes.sum()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    /** Audit: what the body threw past its deadline (even an Error) was dropped; the timeout now has it as its cause. */
    @Test
    void whatTheBodyThrewPastItsDeadlineIsTheTimeoutsCause() {
        Site site = siteFor("interrupt");
        AssertionError late = new AssertionError("body gave up");

        Frame frame = Dispatch.enter(site.id());
        now.addAndGet(Duration.ofMillis(150).toNanos());

        assertThat(Dispatch.exit(frame, late)).isEqualTo(Dispatch.THROW);
        Throwable error = frame.takeError();
        assertThat(error).isInstanceOf(CallTimeoutException.class).hasCause(late);
        assertThat(error.getSuppressed()).isEmpty();
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
    }

    @Test
    void aBodyEndingBeforeItsDeadlineSucceeds() {
        Site site = siteFor("interrupt");

        Frame frame = Dispatch.enter(site.id());
        now.addAndGet(Duration.ofMillis(99).toNanos());

        assertThat(Dispatch.exit(frame, null)).isEqualTo(Dispatch.PROCEED);
        assertThat(site.stats().successes.sum()).isEqualTo(1);
        assertThat(site.stats().timeouts.sum()).isZero();
    }

    /**
     * Review: a hand-off site (one with a fallback method or {@code onStatus}) dropped what its body
     * threw past the deadline, in either mode; the timeout now carries it as its cause, as an inline
     * site's does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"interrupt", "thread"})
    void aHandoffSiteKeepsWhatTheBodyThrewPastItsDeadlineAsTheTimeoutsCause(String mode) {
        Site site = handoffSite(mode);
        AssertionError late = new AssertionError("body gave up");
        MidCallBody.body = () -> {
            now.addAndGet(Duration.ofMillis(150).toNanos());
            throw late;
        };

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame).isNotNull();
        assertThat(frame.takeError()).isInstanceOf(CallTimeoutException.class).hasCause(late);
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
        assertThat(site.stats().failures.sum()).isEqualTo(1);
    }

    @AfterEach
    void restoreBody() {
        MidCallBody.body = () -> "plain";
        Thread.interrupted();
    }

    private Site handoffSite(String timeoutMode) {
        return HandoffSites.bound("call", "()Ljava/lang/String;", """
                version: 1
                rules:
                  - name: late
                    match: { class: testprologue.MidCallBody, methods: [call] }
                    retry: off
                    circuitBreaker: off
                    timeout: { duration: 100ms, mode: %s }
                """.formatted(timeoutMode), clock, Sleeper.SYSTEM);
    }
}
