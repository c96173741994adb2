package dev.resilience.agent.core;

import dev.resilience.agent.policy.RetrySettings.Budget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBudgetTest {

    final FakeClock clock = new FakeClock();

    static int acquireAll(RetryBudget budget) {
        int granted = 0;
        while (budget.tryAcquireRetry()) {
            granted++;
            assertThat(granted).as("budget never runs out").isLessThan(1_000_000);
        }
        return granted;
    }

    static void calls(RetryBudget budget, int n) {
        for (int i = 0; i < n; i++) {
            budget.recordCall();
        }
    }

    @Test
    void allowsMinPerSecondRetriesWithoutCalls() {
        RetryBudget budget = RetryBudget.of(new Budget(0.2, 5), clock);
        assertThat(acquireAll(budget)).isEqualTo(5);

        clock.advance(Duration.ofMillis(500));
        assertThat(budget.tryAcquireRetry()).isFalse();

        clock.advance(Duration.ofMillis(500));   // exactly a second: still counted
        assertThat(budget.tryAcquireRetry()).isFalse();

        clock.advance(Duration.ofMillis(100));   // the first five are now more than a second old
        assertThat(acquireAll(budget)).isEqualTo(5);
    }

    @Test
    void noSecondEverHoldsMoreThanMinPerSecondRetriesFromTheFloor() {
        RetryBudget budget = RetryBudget.of(new Budget(0, 3), clock);
        int granted = 0;
        int[] grantedAt = new int[5000];
        for (int ms = 0; ms < 5000; ms += 10) {
            if (budget.tryAcquireRetry()) {
                grantedAt[granted++] = ms;
            }
            clock.advance(Duration.ofMillis(10));
        }
        for (int i = 3; i < granted; i++) {
            assertThat(grantedAt[i] - grantedAt[i - 3]).as("retries %d and %d", i - 3, i).isGreaterThanOrEqualTo(1000);
        }
        assertThat(granted).as("three a second, for five seconds").isEqualTo(3 * 5);
    }

    @Test
    void allowsRetriesUnderRatioTimesCalls() {
        RetryBudget budget = RetryBudget.of(new Budget(0.2, 0), clock);
        assertThat(budget.tryAcquireRetry()).isFalse();

        calls(budget, 10);
        assertThat(acquireAll(budget)).isEqualTo(2);

        calls(budget, 5);
        assertThat(acquireAll(budget)).isEqualTo(1);
    }

    /** Mutation testing: a budget that kept only the latest 100 ms slot passed every other test here. */
    @Test
    void callsOfEverySlotOfTheLastTenSecondsAddUp() {
        RetryBudget budget = RetryBudget.of(new Budget(0.2, 0), clock);
        for (int second = 0; second < 10; second++) {
            calls(budget, 5);
            clock.advance(Duration.ofMillis(second < 9 ? 1_000 : 500));
        }
        // 9.5 s after the first calls: every one of them still counts
        assertThat(acquireAll(budget)).as("20% of 50 calls").isEqualTo(10);
    }

    @Test
    void callsAndRetriesExpireAfterTenSeconds() {
        RetryBudget budget = RetryBudget.of(new Budget(0.2, 0), clock);
        calls(budget, 10);
        assertThat(acquireAll(budget)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(5));
        calls(budget, 10);                         // 20 calls, 2 retries in the last 10 s
        assertThat(acquireAll(budget)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(5));      // the first 10 calls and 2 retries have expired
        assertThat(budget.tryAcquireRetry()).isFalse();

        clock.advance(Duration.ofSeconds(5));      // everything has expired
        assertThat(budget.tryAcquireRetry()).isFalse();
        calls(budget, 5);
        assertThat(acquireAll(budget)).isEqualTo(1);
    }

    @Test
    void eitherAllowanceSuffices() {
        RetryBudget budget = RetryBudget.of(new Budget(0.5, 2), clock);
        calls(budget, 10);
        // 5 by ratio; the per-second floor does not add to it
        assertThat(acquireAll(budget)).isEqualTo(5);

        clock.advance(Duration.ofSeconds(2));
        // ratio exhausted (5 of 10 calls), but the floor allows 2 in this second
        assertThat(acquireAll(budget)).isEqualTo(2);
    }

    @Test
    void survivesLongIdlePeriods() {
        RetryBudget budget = RetryBudget.of(new Budget(0.1, 0), clock);
        calls(budget, 100);
        clock.advance(Duration.ofDays(3));
        assertThat(budget.tryAcquireRetry()).isFalse();
        calls(budget, 10);
        assertThat(acquireAll(budget)).isEqualTo(1);
    }

    /** Mutation testing: a slot's call count overflowing into its retry count went unnoticed. */
    @Test
    void aSlotsCallCountStopsAtItsLimitWithoutSpillingIntoItsRetries() {
        RetryBudget budget = RetryBudget.of(new Budget(0, 1), clock);
        calls(budget, (1 << 21) + 5);              // over the 2,097,151 a 100 ms slot holds
        assertThat(acquireAll(budget)).as("the floor's one retry, no retry counted by the overflow").isEqualTo(1);
    }

    /**
     * A thread that read the clock, was descheduled, and counts its call after the slot was reused for
     * a later tick must not take the slot back (that would drop the later tick's counts).
     */
    @Test
    void aCallCountedLateDoesNotWipeTheSlotsNewerCounts() {
        SteppedClock stepped = new SteppedClock();
        RetryBudget budget = RetryBudget.of(new Budget(0.2, 0), stepped);
        stepped.now = Duration.ofSeconds(10).toNanos();      // the same slot of the ring as time 0
        calls(budget, 10);
        stepped.now = 0;                                     // a call whose thread read the clock 10 s ago
        budget.recordCall();
        stepped.now = Duration.ofSeconds(10).toNanos();
        assertThat(acquireAll(budget)).as("20% of the 10 calls still counted").isEqualTo(2);
    }

    /** A clock set by hand, which may go back: what a descheduled thread's earlier reading looks like. */
    private static final class SteppedClock implements NanoClock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    @Test
    void countsEveryCallUnderContention() throws Exception {
        RetryBudget budget = RetryBudget.of(new Budget(0.001, 0), clock);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                calls(budget, 10_000);
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        // 80,000 calls x 0.1% = 80 retries, exactly, only if no increment was lost
        assertThat(acquireAll(budget)).isEqualTo(80);
    }

    @Test
    void concurrentRetriesNeverOvershootTheBudget() throws Exception {
        RetryBudget budget = RetryBudget.of(new Budget(0, 100), clock);
        int threads = 8;
        AtomicInteger granted = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 1_000; i++) {
                    if (budget.tryAcquireRetry()) {
                        granted.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        assertThat(granted.get()).isEqualTo(100);
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> RetryBudget.of(new Budget(-0.1, 1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
        assertThatThrownBy(() -> RetryBudget.of(new Budget(Double.NaN, 1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
        assertThatThrownBy(() -> RetryBudget.of(new Budget(0.2, -1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minPerSecond");
        assertThatThrownBy(() -> RetryBudget.of(new Budget(0.2, 1), null))
                .isInstanceOf(NullPointerException.class);
    }
}
