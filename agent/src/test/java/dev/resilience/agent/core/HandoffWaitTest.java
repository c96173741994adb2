package dev.resilience.agent.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandoffWaitTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        Thread.interrupted();
    }

    @Test
    void returnsTheBodysValueAndKeepsSpinningWhileBodiesAreQuick() throws Exception {
        HandoffWait wait = new HandoffWait(TimeUnit.SECONDS.toNanos(5));

        assertThat(wait.await(pool.submit(() -> "v"), TimeUnit.SECONDS.toNanos(5))).isEqualTo("v");
        assertThat(wait.spinsNext()).isTrue();
    }

    @Test
    void aBodySlowerThanTheSpinStopsSpinningAndAQuickOneResumesIt() throws Exception {
        HandoffWait wait = new HandoffWait(MS);

        assertThat(wait.await(pool.submit(() -> {
            Thread.sleep(20);
            return "slow";
        }), TimeUnit.SECONDS.toNanos(5))).isEqualTo("slow");
        assertThat(wait.spinsNext()).isFalse();

        assertThat(wait.await(CompletableFuture.completedFuture("quick"), TimeUnit.SECONDS.toNanos(5))).isEqualTo("quick");
        assertThat(wait.spinsNext()).isTrue();
    }

    @Test
    void theBodysExceptionArrivesWrappedAsFromFutureGet() {
        HandoffWait wait = new HandoffWait(MS);
        IOException failure = new IOException("down");

        assertThatThrownBy(() -> wait.await(pool.submit(() -> {
            throw failure;
        }), TimeUnit.SECONDS.toNanos(5))).isInstanceOf(ExecutionException.class).hasCause(failure);
    }

    @Test
    void timesOutAtTheDeadlineEvenWhenTheDeadlineIsShorterThanTheSpin() {
        HandoffWait wait = new HandoffWait(TimeUnit.SECONDS.toNanos(10));
        Future<String> never = new CompletableFuture<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> wait.await(never, 30 * MS)).isInstanceOf(TimeoutException.class);

        assertThat(System.nanoTime() - start).as("waited about the timeout, not the 10 s spin")
                .isBetween(30 * MS, TimeUnit.SECONDS.toNanos(5));
        assertThat(wait.spinsNext()).isFalse();
    }

    @Test
    void anInterruptedCallerGetsInterruptedException() {
        HandoffWait wait = new HandoffWait(0);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> wait.await(new CompletableFuture<>(), TimeUnit.SECONDS.toNanos(5)))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void aZeroSpinNeverSpins() {
        assertThat(new HandoffWait(0).spinsNext()).isFalse();
        assertThatThrownBy(() -> new HandoffWait(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
