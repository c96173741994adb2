package dev.resilience.agent.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SleeperTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void systemSleeperThrowsWhenAlreadyInterruptedAndClearsTheFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(Duration.ofSeconds(5).toNanos()))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void systemSleeperThrowsOnZeroWaitWhenInterrupted() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(0)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void systemSleeperReturnsAtOnceForZeroWait() throws InterruptedException {
        Sleeper.SYSTEM.sleep(0);
        Sleeper.SYSTEM.sleep(-5);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void systemSleeperIsEndedByAnInterruptDuringTheWait() throws Exception {
        Thread sleeper = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            sleeper.interrupt();
        });
        interrupter.start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(Duration.ofSeconds(30).toNanos()))
                .isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        interrupter.join();
    }

    @Test
    void fakeSleeperAdvancesTheClock() throws InterruptedException {
        FakeClock clock = new FakeClock();
        FakeSleeper sleeper = new FakeSleeper(clock);
        long before = clock.nanoTime();
        sleeper.sleep(Duration.ofMillis(750).toNanos());
        assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofMillis(750).toNanos());
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(750).toNanos());
    }
}
