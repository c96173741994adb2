package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarmupGateTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private final WarmupGate gate = new WarmupGate(TimeUnit.MINUTES.toNanos(5));

    @Test
    @Timeout(30)
    void aCallerWaitsUntilTheWarmupOpensTheGate() throws InterruptedException {
        assertThat(gate.claim()).isTrue();
        AtomicBoolean through = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            gate.await(NO_DEADLINE);
            through.set(true);
        });
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(through).isFalse();

        gate.open();
        caller.join();

        assertThat(through).isTrue();
        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.isDone()).isTrue();
    }

    @Test
    @Timeout(10)
    void pastItsPatienceFromTheClaimAStartedWarmupsGateOpensForEveryone() {
        WarmupGate impatient = new WarmupGate(TimeUnit.MILLISECONDS.toNanos(20));
        long claimed = System.nanoTime();
        assertThat(impatient.claim()).isTrue();
        impatient.started(); // slow, or stuck

        boolean claimAgain = impatient.await(NO_DEADLINE);

        assertThat(System.nanoTime() - claimed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(claimAgain).isFalse();
        assertThat(impatient.isOpen()).as("a lost warm-up costs one wait, not one per call").isTrue();
        assertThat(impatient.isDone()).as("given up on: nothing says what it readied").isFalse();
        impatient.open();
        assertThat(impatient.isDone()).isTrue();
    }

    @Test
    @Timeout(10)
    void pastItsPatienceAClaimWhoseWarmupNeverStartedIsClaimedAgain() {
        WarmupGate lost = new WarmupGate(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(lost.claim()).isTrue(); // and the claimant overflowed before it started anything

        boolean claimAgain = lost.await(NO_DEADLINE);

        assertThat(claimAgain).isTrue();
        assertThat(lost.isOpen()).as("opened, no call would ever start the warm-up").isFalse();
        assertThat(lost.claim()).isTrue();
    }

    @Test
    @Timeout(10)
    void anEnclosingDeadlineEndsTheWaitWithoutOpeningTheGate() {
        assertThat(gate.claim()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);

        boolean claimAgain = gate.await(deadline);

        assertThat(System.nanoTime() - deadline).isNotNegative();
        assertThat(claimAgain).isFalse();
        assertThat(gate.isOpen()).as("the next call, under no such deadline, still waits").isFalse();
    }

    @Test
    @Timeout(30)
    void anInterruptedCallerStillWaitsAndKeepsItsInterrupt() throws InterruptedException {
        assertThat(gate.claim()).isTrue();
        AtomicBoolean through = new AtomicBoolean();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            gate.await(NO_DEADLINE);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            through.set(true);
        });
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        caller.interrupt();
        await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5))
                .until(() -> caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(through).isFalse();

        gate.open();
        caller.join();

        assertThat(through).isTrue();
        assertThat(interruptedAfter).isTrue();
    }

    @Test
    @Timeout(30)
    void aWaiterWhoseClaimantGaveBackItsClaimIsToldToClaimAgain() throws InterruptedException {
        assertThat(gate.claim()).isTrue();
        AtomicBoolean claimAgain = new AtomicBoolean();
        Thread caller = new Thread(() -> claimAgain.set(gate.await(NO_DEADLINE)));
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);

        gate.giveBack();
        caller.join();

        assertThat(claimAgain).isTrue();
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.claim()).isTrue();
    }

    @Test
    void anUnclaimedGateSendsItsCallerToClaimIt() {
        assertThat(gate.await(NO_DEADLINE)).isTrue();
    }

    @Test
    void exactlyOneCallerClaimsTheWarmup() throws InterruptedException {
        AtomicInteger claims = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 1000; j++) {
                    if (gate.claim()) {
                        claims.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(claims).hasValue(1);
    }
}
