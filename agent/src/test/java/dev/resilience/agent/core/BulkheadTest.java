package dev.resilience.agent.core;

import dev.resilience.agent.policy.BulkheadSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkheadTest {

    final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        Thread.interrupted();
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void rejectsBeyondMaxConcurrentWithoutWaiting() throws InterruptedException {
        Bulkhead bulkhead = Bulkhead.of(new BulkheadSettings(2, Duration.ZERO));
        assertThat(bulkhead.available()).isEqualTo(2);
        assertThat(bulkhead.tryAcquire(0)).isTrue();
        assertThat(bulkhead.tryAcquire(0)).isTrue();
        assertThat(bulkhead.tryAcquire(0)).isFalse();
        assertThat(bulkhead.available()).isZero();

        bulkhead.release();
        assertThat(bulkhead.available()).isEqualTo(1);
        assertThat(bulkhead.tryAcquire(0)).isTrue();
        assertThat(bulkhead.tryAcquire(0)).isFalse();
    }

    /** Audit: a reload made a fresh bulkhead, so the calls in flight and new ones together exceeded the limit. */
    @Test
    void aSucceedingBulkheadCountsTheCallsInFlightAgainstItsLimit() throws InterruptedException {
        Bulkhead before = Bulkhead.of(new BulkheadSettings(2, Duration.ZERO));
        assertThat(before.tryAcquire(0)).isTrue();
        assertThat(before.tryAcquire(0)).isTrue();

        Bulkhead same = before.succeeding(new BulkheadSettings(2, Duration.ZERO));
        assertThat(same.tryAcquire(0)).as("two in flight, limit still 2").isFalse();

        Bulkhead lower = same.succeeding(new BulkheadSettings(1, Duration.ZERO));
        before.release();
        assertThat(lower.tryAcquire(0)).as("one in flight, limit now 1").isFalse();
        before.release();
        assertThat(lower.tryAcquire(0)).isTrue();
        assertThat(lower.tryAcquire(0)).isFalse();

        Bulkhead higher = lower.succeeding(new BulkheadSettings(3, Duration.ZERO));
        assertThat(higher.tryAcquire(0)).isTrue();
        assertThat(higher.tryAcquire(0)).isTrue();
        assertThat(higher.tryAcquire(0)).as("three in flight, limit 3").isFalse();
        assertThat(higher.available()).isZero();
        assertThat(higher.maxConcurrent()).isEqualTo(3);
    }

    /** A bulkhead made again on places already handed on adjusts from the latest limit, not from its own. */
    @Test
    void placesFollowTheLatestLimitWhicheverBulkheadTheSuccessorComesFrom() {
        Bulkhead first = Bulkhead.of(new BulkheadSettings(4, Duration.ZERO));
        first.succeeding(new BulkheadSettings(1, Duration.ZERO));

        Bulkhead fromTheFirstAgain = first.succeeding(new BulkheadSettings(2, Duration.ZERO));

        assertThat(fromTheFirstAgain.available()).isEqualTo(2);
    }

    @Test
    void waitsAtMostMaxWaitForAPlace() throws InterruptedException {
        Bulkhead bulkhead = Bulkhead.of(new BulkheadSettings(1, Duration.ofMillis(50)));
        assertThat(bulkhead.maxWaitNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(bulkhead.tryAcquire(0)).isTrue();

        long start = System.nanoTime();
        assertThat(bulkhead.tryAcquire(bulkhead.maxWaitNanos())).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aWaitingCallerGetsTheReleasedPlace() throws Exception {
        Bulkhead bulkhead = Bulkhead.of(new BulkheadSettings(1, Duration.ofSeconds(30)));
        assertThat(bulkhead.tryAcquire(0)).isTrue();
        CompletableFuture<Thread> waiting = new CompletableFuture<>();
        Future<Boolean> waiter = other.submit(() -> {
            waiting.complete(Thread.currentThread());
            return bulkhead.tryAcquire(bulkhead.maxWaitNanos());
        });
        // released only once the waiter waits (audit: released before, it never exercised the waiting path)
        Thread thread = waiting.get(10, TimeUnit.SECONDS);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        bulkhead.release();
        assertThat(waiter.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.available()).isZero();
    }

    @Test
    void waitingHonoursInterrupts() throws InterruptedException {
        Bulkhead bulkhead = Bulkhead.of(new BulkheadSettings(1, Duration.ofSeconds(30)));
        assertThat(bulkhead.tryAcquire(0)).isTrue();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> bulkhead.tryAcquire(bulkhead.maxWaitNanos())).isInstanceOf(InterruptedException.class);

        Thread.currentThread().interrupt();
        assertThat(bulkhead.tryAcquire(0)).isFalse();   // no waiting: answers at once, flag untouched
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> Bulkhead.of(new BulkheadSettings(0, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrent");
        assertThatThrownBy(() -> Bulkhead.of(new BulkheadSettings(1, Duration.ofMillis(-1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> Bulkhead.of(new BulkheadSettings(1, null)))
                .isInstanceOf(NullPointerException.class);
    }
}
