package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import testprologue.MidCallBody;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent failure in a hand-off call never gives the caller a value nobody produced, and never
 * runs an attempt's body twice: the caller gets the outcome of the attempt that ran last, the
 * advice running a due attempt unprotected when the agent failed before its body started. The failure is made to strike at each of
 * the first reads of the rule's clock after the backoff, so wherever the retry's setup stands.
 * Review: a retry that failed to start after the first attempt had failed gave the caller null, and
 * a failure of the worker's own code around the body reached the caller as the method's exception.
 */
class HandoffAgentFailureTest {
    private final AtomicInteger readsLeft = new AtomicInteger(Integer.MAX_VALUE);

    @AfterEach
    void restoreBodies() {
        MidCallBody.body = () -> "plain";
        MidCallBody.response = () -> null;
    }

    /** Each timeout mode (a thread-mode body runs on a worker, an interrupt-mode one on the caller), and where the clock fails. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> failurePoints() {
        return java.util.stream.Stream.of("thread", "interrupt").flatMap(mode -> java.util.stream.IntStream.range(0, 10)
                .mapToObj(n -> org.junit.jupiter.params.provider.Arguments.of(mode, n)));
    }

    @ParameterizedTest(name = "mode {0}, clock fails after {1} reads")
    @org.junit.jupiter.params.provider.MethodSource("failurePoints")
    void theCallerGetsTheOutcomeOfAnAttemptThatRan(String mode, int cleanReadsAfterBackoff) {
        IllegalStateException first = new IllegalStateException("first attempt");
        IllegalStateException second = new IllegalStateException("second attempt");
        AtomicInteger bodies = new AtomicInteger();
        MidCallBody.body = () -> {
            throw bodies.incrementAndGet() == 1 ? first : second;
        };
        Site site = handoffSite("call", "()Ljava/lang/String;", "", mode, nanos -> readsLeft.set(cleanReadsAfterBackoff));

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);
        Throwable outcome = frame != null ? frame.error : unprotected(); // null: the woven code runs the body itself

        assertThat(bodies.get()).as("bodies run, by the agent or by the advice's error path").isLessThanOrEqualTo(2);
        assertThat(outcome).as("the outcome of the attempt that ran last").isSameAs(bodies.get() == 1 ? first : second);
        if (readsLeft.get() < 0) { // the clock failed at least once
            assertThat(site.stats().agentErrors.sum()).as("the agent's failure is counted").isPositive();
        }
    }

    /**
     * Review: with {@code onStatus}, a retry that failed to start gave the caller null, the first
     * attempt's failing response dropped and closed. The caller gets a response of the attempt that
     * ran last: the kept 503, or the retry's 200.
     */
    @ParameterizedTest(name = "mode {0}, clock fails after {1} reads")
    @org.junit.jupiter.params.provider.MethodSource("failurePoints")
    void withOnStatusTheCallerGetsTheResponseOfTheAttemptThatRanLast(String mode, int cleanReadsAfterBackoff) {
        AtomicInteger bodies = new AtomicInteger();
        MidCallBody.response = () -> new HttpResponsesTest.JdkResponse<>(bodies.incrementAndGet() == 1 ? 503 : 200,
                HttpResponsesTest.headers(java.util.Map.of()), "body");
        Site site = handoffSite("respond", "()Ljava/net/http/HttpResponse;", "onStatus: [503], ", mode,
                nanos -> readsLeft.set(cleanReadsAfterBackoff));

        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);
        Object response = frame != null ? frame.value : MidCallBody.respond();

        assertThat(bodies.get()).isLessThanOrEqualTo(2);
        assertThat(response).isInstanceOfSatisfying(java.net.http.HttpResponse.class,
                r -> assertThat(r.statusCode()).isEqualTo(bodies.get() == 1 ? 503 : 200));
    }

    /** What the woven method does when the advice gives up before the body ran: the body, unprotected. */
    private static Throwable unprotected() {
        try {
            MidCallBody.call();
            return null;
        } catch (RuntimeException thrown) {
            return thrown;
        }
    }

    private Site handoffSite(String method, String descriptor, String retryExtra, String mode,
                             dev.resilience.agent.core.Sleeper sleeper) {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: failing
                    match: { class: testprologue.MidCallBody, methods: [%s] }
                    retry: { %smaxAttempts: 2, delay: 1ms, retryOn: [java.lang.IllegalStateException] }
                    circuitBreaker: off
                    timeout: { duration: 10s, mode: %s }
                """.formatted(method, retryExtra, mode), "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        NanoClock clock = () -> {
            if (readsLeft.getAndDecrement() <= 0) {
                throw new IllegalStateException("the agent's own failure");
            }
            return System.nanoTime();
        };
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, sleeper, line -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, MidCallBody.class.getName(), method, descriptor,
                new String[0], Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
