package dev.resilience.agent.instrument;

import dev.resilience.agent.api.CallTimeoutException;
import dev.resilience.agent.core.FakeClock;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import testprologue.MidCallBody;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review: a thread-mode attempt waited for its worker a whole timeout counted from after it had
 * found the worker and closed the previous attempt's response, not until its deadline. A caller
 * could regain control past the deadline by as long as those took: up to 100 ms to find a worker
 * when every thread allowed is busy, and a close that blocks as long as it blocks.
 */
class HandoffDeadlineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @AfterEach
    void restoreBodies() {
        MidCallBody.response = () -> null;
    }

    @Test
    void aRetryWhosePreviousResponseTookItsTimeToCloseWaitsOnlyUntilItsDeadline() throws Exception {
        FakeClock clock = new FakeClock();
        AtomicInteger bodies = new AtomicInteger();
        CountDownLatch cancelled = new CountDownLatch(1);
        // Closing the first attempt's 503 takes all but a millisecond of the retry's time (the retry's clock has started).
        AutoCloseable slowToClose = () -> clock.advance(TIMEOUT.minusMillis(1));
        MidCallBody.response = () -> {
            if (bodies.incrementAndGet() == 1) {
                return new HttpResponsesTest.JdkResponse<>(503, HttpResponsesTest.headers(Map.of()), slowToClose);
            }
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                cancelled.countDown();
            }
            return null;
        };
        Site site = site(clock);

        long start = System.nanoTime();
        Frame frame = HandoffDispatch.handoff(site.id(), MidCallBody.class, null, new Object[0]);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(frame).isNotNull();
        assertThat(frame.takeError()).isInstanceOf(CallTimeoutException.class);
        assertThat(bodies.get()).isEqualTo(2);
        assertThat(tookMillis).as("the retry timed out a millisecond after the close, not a whole timeout after it")
                .isLessThan(TIMEOUT.toMillis() / 2);
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the timed-out body is interrupted").isTrue();
    }

    private static Site site(FakeClock clock) {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: slow-close
                    match: { class: testprologue.MidCallBody, methods: [respond] }
                    retry: { onStatus: [503], maxAttempts: 2, delay: 1ms }
                    circuitBreaker: off
                    timeout: 20s
                """, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, nanos -> { }, line -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, MidCallBody.class.getName(), "respond", "()Ljava/net/http/HttpResponse;",
                new String[0], Site.Kind.HANDOFF, false, false, false, MidCallBody.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
