package dev.resilience.agent.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.resilience.agent.core.CircuitBreaker.State.CLOSED;
import static dev.resilience.agent.core.CircuitBreaker.State.OPEN;
import static dev.resilience.agent.core.BreakerFixture.FAST;
import static dev.resilience.agent.core.BreakerFixture.rate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate breaker's window with eight threads recording at once: counts stay exact, so the
 * breaker opens on exactly the outcome that takes a rate to its threshold, never before.
 */
class RateBreakerConcurrencyTest {

    static final int THREADS = 8;
    static final long SLOW = Duration.ofSeconds(2).toNanos();

    final Together together = new Together(THREADS, Duration.ofSeconds(30));
    final FakeClock clock = new FakeClock();
    final BreakerFixture.Transitions transitions = new BreakerFixture.Transitions();

    @AfterEach
    void stop() throws InterruptedException {
        together.close();
    }

    /** Every thread records outcomes until {@code total} were recorded between them, all starting together. */
    void recordTogether(int total, Runnable outcome) throws Exception {
        AtomicInteger tickets = new AtomicInteger(total);
        together.run(() -> {
            while (tickets.getAndDecrement() > 0) {
                outcome.run();
            }
            return null;
        });
    }

    @Test
    void aFullWindowOfSuccessesThenFailuresOpensExactlyAtTheThreshold() throws Exception {
        for (int round = 0; round < 20; round++) {
            transitions.seen.clear();
            CircuitBreaker breaker = CircuitBreaker.create(rate(0.5, 1000, 1000, null, 0), clock, transitions);
            recordTogether(1000, () -> breaker.onSuccess(FAST));
            // each failure pushes one success out: 499 of the last 1000 calls failed
            recordTogether(499, () -> breaker.onFailure(FAST, null));
            assertThat(breaker.state()).isEqualTo(CLOSED);

            breaker.onFailure(FAST, new IOException("boom"));
            assertThat(breaker.state()).isEqualTo(OPEN);
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 50% >= 50% over last 1000 calls, last: java.io.IOException: boom");
        }
    }

    @Test
    void slowSuccessesFromManyThreadsAreCountedExactly() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.create(rate(1.0, 1000, 1000, Duration.ofSeconds(1), 0.5), clock, transitions);
        recordTogether(1000, () -> breaker.onSuccess(FAST));
        recordTogether(499, () -> breaker.onSuccess(SLOW));
        assertThat(breaker.state()).isEqualTo(CLOSED);

        breaker.onSuccess(SLOW);
        assertThat(transitions.seen).containsExactly(
                "CLOSED->OPEN: slow-call rate 50% >= 50% over last 1000 calls (slow: > 1s)");
    }

    @Test
    void theOutcomeThatCompletesMinimumCallsGivesTheVerdictWhicheverThreadRecordsIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            transitions.seen.clear();
            CircuitBreaker opens = CircuitBreaker.create(rate(0.5, 1000, 800, null, 0), clock, transitions);
            AtomicInteger n = new AtomicInteger();
            recordTogether(800, () -> alternate(opens, n.getAndIncrement()));   // 400 failures, 400 successes
            assertThat(opens.state()).isEqualTo(OPEN);
            assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 50% >= 50% over last 800 calls");

            CircuitBreaker staysClosed = CircuitBreaker.create(rate(0.5, 1000, 800, null, 0), clock, transitions);
            AtomicInteger m = new AtomicInteger(1);
            recordTogether(800, () -> alternate(staysClosed, m.getAndIncrement()));   // 399 failures
            assertThat(staysClosed.state()).isEqualTo(CLOSED);
        }
    }

    private static void alternate(CircuitBreaker breaker, int i) {
        if (i % 2 == 0 && i < 800) {
            breaker.onFailure(FAST, null);
        } else {
            breaker.onSuccess(FAST);
        }
    }

    @Test
    void outcomesLeavingTheWindowUnderContentionLeaveNoCountBehind() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.create(rate(0.3, 100, 100, null, 0), clock, transitions);
        // Each thread fails one call in ten: whatever the interleaving, any 100 consecutive calls
        // hold at most 10 + 8 failures, far below 30%. A count left behind would add up and open.
        AtomicInteger calls = new AtomicInteger();
        recordTogether(200_000, () -> {
            if (calls.incrementAndGet() % 10 == 0) {
                breaker.onFailure(FAST, null);
            } else {
                breaker.onSuccess(FAST);
            }
        });
        assertThat(transitions.seen).isEmpty();

        // Then the window must count exactly what one thread records.
        BreakerFixture.succeed(breaker, 100, FAST);
        BreakerFixture.fail(breaker, 29);
        assertThat(breaker.state()).isEqualTo(CLOSED);
        BreakerFixture.fail(breaker, 1);
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN: failure rate 30% >= 30% over last 100 calls, last: java.net.ConnectException: Connection refused");
    }
}
