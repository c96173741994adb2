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
        // the outer timer fires now (its entry made due at once), before the inner's (due in 500 ms)
        Services.interruptTimerUngated().disarm(outer.interruptHandle);
        outer.interruptHandle = Services.interruptTimer(Long.MAX_VALUE).arm(Thread.currentThread(), System.nanoTime());
        awaitInterrupt();
        assertThat(Thread.interrupted()).as("taken by the inner body: its InterruptedException clears it").isTrue();
        now.addAndGet(Duration.ofMillis(600).toNanos()); // past the shared deadline on the rules' clock

        Dispatch.exit(inner, new IOException("interrupted"));
        boolean outerBodyInterrupted = Thread.currentThread().isInterrupted();
        Dispatch.exit(outer, null);

        assertThat(outerBodyInterrupted).as("the outer body, after the inner call failed").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("left set once the outer call ended").isFalse();
    }

    /**
     * Review: an outer timer not yet fired (late, on a loaded machine) when the inner call ended past
     * the deadline: the outer body was given an interrupt, then the late timer interrupted it again.
     * The late timer delivers the one interrupt itself.
     */
    @Test
    void anOuterTimerNotYetFiredIsLeftToDeliverItsOwnInterrupt() {
        AtomicLong now = new AtomicLong(System.nanoTime());
        Site[] sites = sites("500ms", now::get);
        Frame outer = Dispatch.enter(sites[0].id());
        Frame inner = Dispatch.enter(sites[1].id());
        now.addAndGet(Duration.ofMillis(600).toNanos()); // the rules' clock past the deadline; no timer fired yet

        Dispatch.exit(inner, new IOException("ended past its deadline"));
        boolean outerBodyInterrupted = Thread.currentThread().isInterrupted();
        Dispatch.exit(outer, null);

        assertThat(outerBodyInterrupted).as("not given an interrupt its own timer has still to deliver").isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    /** An asynchronous inner method whose body takes the outer timer's interrupt and fails at once. */
    public static class AsyncInner {
        static final AtomicLong NOW = new AtomicLong();
        static volatile Boolean fallbackSawInterrupt;

        public java.util.concurrent.CompletableFuture<String> fetch() throws IOException {
            awaitInterrupt();
            Thread.interrupted(); // taken, as an InterruptedException would
            NOW.addAndGet(Duration.ofMillis(600).toNanos()); // ends past the shared deadline
            throw new IOException("interrupted");
        }

        public static java.util.concurrent.CompletableFuture<String> cached() {
            fallbackSawInterrupt = Thread.currentThread().isInterrupted();
            return java.util.concurrent.CompletableFuture.completedFuture("cached");
        }
    }

    /**
     * Review: an asynchronous inner call settled on the caller's thread ran its fallback with the flag
     * already set again for the enclosing call: a fallback that blocks failed. It is set once the inner
     * call's first attempt is settled, fallback included.
     */
    @Test
    void anAsynchronousInnerCallsFallbackRunsBeforeTheEnclosingCallIsGivenItsInterrupt() throws Exception {
        AsyncInner.NOW.set(System.nanoTime());
        LoadResult loaded = PolicyLoader.parse(RULES.formatted("500ms").replace("x.Inner", AsyncInner.class.getName())
                + "    fallback: { method: \"" + AsyncInner.class.getName() + "#cached\" }\n", "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), AsyncInner.NOW::get, Sleeper.SYSTEM, l -> { }, (l, f, t) -> { });
        Site outerSite = Sites.register(id -> new Site(id, "x.Outer", "call", "()Ljava/lang/String;", new String[0],
                Site.Kind.INLINE, true, false, false, NestedInterruptTest.class.getClassLoader()));
        outerSite.bind(policy.bind(outerSite, policy.runtime(0), null));
        Site innerSite = Sites.register(id -> new Site(id, AsyncInner.class.getName(), "fetch",
                "()Ljava/util/concurrent/CompletableFuture;", new String[0], Site.Kind.ASYNC, true, false, false,
                NestedInterruptTest.class.getClassLoader()));
        innerSite.bind(policy.bind(innerSite, policy.runtime(1), Fallback.lazyMethod(loaded.policy().rules().get(1).fallback(),
                AsyncInner.class.getName(), "cached", "()Ljava/util/concurrent/CompletableFuture;", false, false)));

        Frame outer = Dispatch.enter(outerSite.id());
        // the outer timer fires now, while the inner body runs on this thread
        Services.interruptTimerUngated().disarm(outer.interruptHandle);
        outer.interruptHandle = Services.interruptTimer(Long.MAX_VALUE).arm(Thread.currentThread(), System.nanoTime());
        Object future = HandoffDispatch.handoff(innerSite.id(), AsyncInner.class, new AsyncInner(), new Object[0]).takeValue();
        boolean outerBodyInterrupted = Thread.currentThread().isInterrupted();
        Dispatch.exit(outer, null);

        assertThat(((java.util.concurrent.CompletableFuture<?>) future).get()).isEqualTo("cached");
        assertThat(AsyncInner.fallbackSawInterrupt).as("the inner call's fallback").isFalse();
        assertThat(outerBodyInterrupted).as("the outer body, after the inner call").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private static void awaitInterrupt() {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
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
            if (!inner.skip()) { // refused at once when the outer deadline had passed: the woven body does not run
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    thrown = new IOException("interrupted");
                }
            }
            Dispatch.exit(inner, thrown);
            Throwable fallbackPath = null; // the outer body goes on after the inner call failed, and blocks
            try {
                Thread.sleep(2_000);
                missed++;
            } catch (InterruptedException e) {
                fallbackPath = new IOException("interrupted");
            }
            Dispatch.exit(outer, fallbackPath);
            if (Thread.interrupted()) {
                leftSet++;
            }
        }
        assertThat(missed).isZero();
        assertThat(leftSet).isZero();
    }
}
