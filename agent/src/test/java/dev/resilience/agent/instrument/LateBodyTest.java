package dev.resilience.agent.instrument;

import dev.resilience.agent.api.CallInterruptedException;
import dev.resilience.agent.api.CallTimeoutException;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import testprologue.MidCallBody;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit (virtual threads): in {@code mode: thread} a caller kept from running until after its body
 * had returned late (its carriers busy) took the late result as a success, while interrupt mode
 * failed the same call as timed out and counted it. The verdict follows when the body ended, on
 * the rule's clock, not when the caller got to look. The clock here reads per thread: the body's
 * thread sees the time it ends at, the caller's thread the time it finally looks at.
 */
class LateBodyTest {
    /**
     * The rule's timeout. The caller also waits for its worker this long in real time, so it is long:
     * a body that a loaded machine starts late must still be seen to end (a 1 s timeout made
     * {@code aLateHttpResponseIsClosed} fail under mutation testing's load).
     */
    private static final long TIMEOUT = Duration.ofSeconds(60).toNanos();
    private final AtomicLong workerNow = new AtomicLong();
    private final AtomicLong callerNow = new AtomicLong();
    private volatile Thread caller;

    @AfterEach
    void restoreBodies() {
        MidCallBody.body = () -> "plain";
        MidCallBody.response = () -> null;
    }

    @Test
    void aBodyThatReturnsPastItsDeadlineTimesOutThoughItsCallerLooksOnlyThen() {
        Site site = handoffSite("call", "()Ljava/lang/String;");
        MidCallBody.body = () -> {
            ends(2 * TIMEOUT, 3 * TIMEOUT);
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
        Site site = handoffSite("call", "()Ljava/lang/String;");
        MidCallBody.body = () -> {
            ends(TIMEOUT / 2, 2 * TIMEOUT);
            return "in time";
        };

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame.error).isNull();
        assertThat(frame.value).isEqualTo("in time");
        assertThat(site.stats().successes.sum()).isEqualTo(1);
        assertThat(site.stats().timeouts.sum()).isZero();
    }

    /** Review: the failing branch judged by the caller's late look too, making a failure in time a timeout. */
    @Test
    void aBodyThatFailsInTimeFailsWithItsOwnExceptionHoweverLateItsCallerLooks() {
        Site site = handoffSite("call", "()Ljava/lang/String;");
        IllegalStateException own = new IllegalStateException("its own");
        MidCallBody.body = () -> {
            ends(TIMEOUT / 2, 2 * TIMEOUT);
            throw own;
        };

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame.error).isSameAs(own);
        assertThat(site.stats().timeouts.sum()).isZero();
    }

    /** Review: a late response dropped for the timeout kept its pooled connection; it is closed, as one dropped for a retry is. */
    @Test
    void aLateHttpResponseIsClosed() {
        Site site = handoffSite("respond", "()Ljava/net/http/HttpResponse;");
        AtomicBoolean closed = new AtomicBoolean();
        MidCallBody.response = () -> {
            ends(2 * TIMEOUT, 3 * TIMEOUT);
            InputStream body = new ByteArrayInputStream(new byte[0]) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };
            return new HttpResponsesTest.JdkResponse<>(200, HttpResponsesTest.headers(Map.of()), body);
        };

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(frame.error).isInstanceOf(CallTimeoutException.class);
        assertThat(closed).isTrue();
    }

    /**
     * Audit: with every worker busy, a body could start after its caller's deadline had passed (the
     * caller not yet back to cancel it): work nobody waits for, beside the caller's retry. It is not
     * started; the attempt times out as it would have.
     */
    @Test
    void aBodyWhoseDeadlinePassedBeforeAWorkerTookItIsNotRun() {
        Site site = handoffSite("call", "()Ljava/lang/String;", "{ failureThreshold: 1 }");
        AtomicBoolean ran = new AtomicBoolean();
        MidCallBody.body = () -> {
            ran.set(true);
            return "too late";
        };
        ends(2 * TIMEOUT, 0); // the worker's clock reads past the deadline when it starts

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);

        assertThat(ran).isFalse();
        assertThat(frame.error).isInstanceOf(CallTimeoutException.class);
        assertThat(site.stats().timeouts.sum()).isEqualTo(1);
        assertThat(site.stats().failures.sum()).isEqualTo(1);
        // Review: the service was never called, yet the breaker counted the timeout (here it would have opened)
        assertThat(site.binding().circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /**
     * Review: a caller interrupted while its body waited for a worker gave it up, so the service was
     * never called, yet the breaker counted the interruption as the service's failure (here it would
     * have opened). The call still fails, interrupted, with the flag kept.
     */
    @Test
    void aCallerInterruptedBeforeAWorkerTookItsBodyLeavesTheBreakerAlone() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch callerBack = new CountDownLatch(1);
        Thread self = Thread.currentThread();
        AtomicBoolean taken = new AtomicBoolean();
        NanoClock clock = () -> {
            if (Thread.currentThread() != self && taken.compareAndSet(false, true)) {
                // The worker, as it takes the body: its caller is interrupted and gives up first.
                self.interrupt();
                await(callerBack);
            }
            return 0L;
        };
        Site site = HandoffSites.bound("call", "()Ljava/lang/String;", """
                version: 1
                rules:
                  - name: late
                    match: { class: testprologue.MidCallBody, methods: [call] }
                    retry: off
                    circuitBreaker: { failureThreshold: 1 }
                    timeout: { duration: 60s, mode: thread }
                """, clock, Sleeper.SYSTEM);
        MidCallBody.body = () -> {
            ran.set(true);
            return "nobody waits";
        };

        Frame frame;
        try {
            frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);
        } finally {
            callerBack.countDown();
        }

        assertThat(Thread.interrupted()).as("the caller keeps its interrupt").isTrue();
        assertThat(frame.error).isInstanceOf(CallInterruptedException.class);
        assertThat(site.stats().failures.sum()).isEqualTo(1);
        assertThat(site.binding().circuitBreaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(ran).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A body its caller gave up at the deadline before any worker took it never starts. */
    @Test
    void aBodyGivenUpBeforeAWorkerTookItNeverStarts() throws Exception {
        Site site = handoffSite("call", "()Ljava/lang/String;");
        AtomicBoolean ran = new AtomicBoolean();
        MidCallBody.body = () -> {
            ran.set(true);
            return "nobody waits";
        };
        WorkerBody body = new WorkerBody(ThreadContext.current().snapshot(TIMEOUT, site.id()), site,
                site.method(MidCallBody.class), null, new Object[0], () -> 0L);

        assertThat(body.giveUp()).isTrue();
        assertThat(body.call()).isNull();
        assertThat(ran).isFalse();
        assertThat(body.neverRan()).isTrue();
    }

    /** A body that finished before its caller gave up keeps its outcome for the caller, and is not taken for one that never ran. */
    @Test
    void aBodyThatFinishedCannotBeGivenUp() throws Exception {
        Site site = handoffSite("call", "()Ljava/lang/String;");
        WorkerBody body = new WorkerBody(ThreadContext.current().snapshot(TIMEOUT, site.id()), site,
                site.method(MidCallBody.class), null, new Object[0], () -> 0L);

        assertThat(body.call()).isEqualTo("plain");
        assertThat(body.giveUp()).isFalse();
        assertThat(body.outcome()).isEqualTo("plain");
        assertThat(body.neverRan()).isFalse();
    }

    /** Review: a response returned after its caller gave up went to the cancelled future, which dropped it unclosed. */
    @Test
    void aResponseReturnedAfterItsCallerGaveUpIsClosed() throws Exception {
        Site site = handoffSite("respond", "()Ljava/net/http/HttpResponse;");
        AtomicBoolean closed = new AtomicBoolean();
        WorkerBody[] body = new WorkerBody[1];
        MidCallBody.response = () -> {
            assertThat(body[0].giveUp()).as("the caller gives up while the body runs").isTrue();
            InputStream stream = new ByteArrayInputStream(new byte[0]) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };
            return new HttpResponsesTest.JdkResponse<>(200, HttpResponsesTest.headers(Map.of()), stream);
        };
        body[0] = new WorkerBody(ThreadContext.current().snapshot(TIMEOUT, site.id()), site,
                site.method(MidCallBody.class), null, new Object[0], () -> 0L);

        body[0].call();

        assertThat(closed).isTrue();
        assertThat(body[0].neverRan()).isFalse();
    }

    /** The body ends at {@code bodyEnd}; its caller looks at {@code callerLooks}. */
    private void ends(long bodyEnd, long callerLooks) {
        workerNow.set(bodyEnd);
        callerNow.set(callerLooks);
    }

    private Site handoffSite(String method, String descriptor) {
        return handoffSite(method, descriptor, "off");
    }

    private Site handoffSite(String method, String descriptor, String circuitBreaker) {
        caller = Thread.currentThread();
        NanoClock clock = () -> Thread.currentThread() == caller ? callerNow.get() : workerNow.get();
        return HandoffSites.bound(method, descriptor, """
                version: 1
                rules:
                  - name: late
                    match: { class: testprologue.MidCallBody, methods: [%s] }
                    retry: off
                    circuitBreaker: %s
                    timeout: { duration: 60s, mode: thread }
                """.formatted(method, circuitBreaker), clock, Sleeper.SYSTEM);
    }
}
