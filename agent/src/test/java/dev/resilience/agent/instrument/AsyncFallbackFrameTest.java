package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code review: an async method's fallback runs on whichever thread completes the method's future,
 * which may itself be inside protected calls. Taking the async caller's view there handed the
 * fallback's nested call a frame still in use: the enclosing call lost its site, its interrupt timer
 * stayed armed and the thread kept its deadline after the calls returned.
 */
class AsyncFallbackFrameTest {
    static CompletableFuture<String> pending;
    static Site siteD;
    static int dCalls;

    public static class Svc {
        public CompletableFuture<String> fetch() {
            return pending;
        }
    }

    /** The async rule's fallback method: calls a method of rule d (a cache client, say). */
    public static CompletableFuture<String> cached() {
        Frame f = Dispatch.enter(siteD.id());
        dCalls++;
        if (f != null) {
            Dispatch.exit(f, null);
        }
        return CompletableFuture.completedFuture("cached");
    }

    private static Site inline(InstalledPolicy policy, int rule, String cls) {
        Site site = Sites.register(id -> new Site(id, cls, "call", "()Ljava/lang/String;", new String[0],
                Site.Kind.INLINE, false, false, false, AsyncFallbackFrameTest.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(rule), null));
        return site;
    }

    @Test
    void asyncFallbackOnACompletingThreadReusesThatThreadsInUseFrame() throws Exception {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: a
                    match: { class: x.A, methods: [call] }
                    retry: off
                    timeout: off
                    circuitBreaker: off
                  - name: b
                    match: { class: x.B, methods: [call] }
                    retry: off
                    timeout: { duration: 1h, mode: interrupt }
                    circuitBreaker: off
                  - name: c
                    match: { class: x.C, methods: [fetch] }
                    retry: off
                    timeout: off
                    circuitBreaker: off
                    fallback: { method: "dev.resilience.agent.instrument.AsyncFallbackFrameTest#cached" }
                  - name: d
                    match: { class: x.D, methods: [call] }
                    retry: off
                    timeout: off
                    circuitBreaker: off
                """, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, l -> { }, (l, f, t) -> { });
        Site siteA = inline(policy, 0, "x.A");
        Site siteB = inline(policy, 1, "x.B");
        siteD = inline(policy, 3, "x.D");
        Site siteC = Sites.register(id -> new Site(id, Svc.class.getName(), "fetch",
                "()Ljava/util/concurrent/CompletableFuture;", new String[0], Site.Kind.ASYNC, false, false, false,
                AsyncFallbackFrameTest.class.getClassLoader()));
        Fallback fallback = Fallback.lazyMethod(loaded.policy().rules().get(2).fallback(),
                AsyncFallbackFrameTest.class.getName(), "cached", "()Ljava/util/concurrent/CompletableFuture;", false, false);
        siteC.bind(policy.bind(siteC, policy.runtime(2), fallback));

        // Thread T1 calls the async method (its view: depth 0) and gets a future.
        pending = new CompletableFuture<>();
        CompletableFuture<?>[] got = new CompletableFuture<?>[1];
        Thread caller = new Thread(() -> {
            Frame f = HandoffDispatch.handoff(siteC.id(), Svc.class, new Svc(), new Object[0]);
            got[0] = (CompletableFuture<?>) f.takeValue();
        });
        caller.start();
        caller.join();

        // This thread is inside a() -> b() (b in interrupt mode, its timer armed); b's body completes
        // the async method's future exceptionally, so the fallback runs here.
        Frame frameA = Dispatch.enter(siteA.id());
        Frame frameB = Dispatch.enter(siteB.id());
        pending.completeExceptionally(new IOException("down"));
        assertThat(got[0].get()).isEqualTo("cached");

        assertThat(frameB.site).as("b's frame, still in use").isSameAs(siteB);
        Dispatch.exit(frameB, null);
        Dispatch.exit(frameA, null);
        assertThat(frameB.interruptHandle).as("b's interrupt timer disarmed").isEqualTo(-1L);
        assertThat(siteB.stats().successes.sum()).isEqualTo(1);
        assertThat(siteD.stats().successes.sum()).as("the fallback's call of d, protected").isEqualTo(1);
        assertThat(siteA.stats().successes.sum()).isEqualTo(1);
        assertThat(ThreadContext.current().deadline).as("no deadline left on the thread").isEqualTo(Long.MAX_VALUE);
    }
}
