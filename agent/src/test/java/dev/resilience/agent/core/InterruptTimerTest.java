package dev.resilience.agent.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real threads and the real clock; only generous time bounds are asserted. */
class InterruptTimerTest {

    static final long MS = 1_000_000L;

    final InterruptTimer timer = InterruptTimer.create();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    static long now() {
        return NanoClock.SYSTEM.nanoTime();
    }

    static long timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("resilience-interrupt-timer"))
                .count();
    }

    @Test
    void interruptsTheThreadAtTheDeadline() {
        long start = now();
        long handle = timer.arm(Thread.currentThread(), start + 50 * MS);

        assertThatThrownBy(() -> Thread.sleep(30_000)).isInstanceOf(InterruptedException.class);
        long elapsed = now() - start;

        assertThat(timer.disarm(handle)).isEqualTo(InterruptTimer.INTERRUPTED);
        assertThat(elapsed).isBetween(50 * MS, 2_000 * MS);
        assertThat(timer.armed()).isZero();
    }

    @Test
    void anInterruptAlreadyPendingAtTheDeadlineIsLeftAloneAndReported() throws InterruptedException {
        Thread.currentThread().interrupt();   // the application's own interrupt, set before the deadline
        long handle = timer.arm(Thread.currentThread(), now() + 20 * MS);
        while (!timer.hasFired(handle)) {
            Thread.onSpinWait();   // not sleep: that would consume the flag
        }

        assertThat(timer.disarm(handle)).isEqualTo(InterruptTimer.FOUND_INTERRUPTED);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void disarmedBeforeTheDeadlineNeverInterrupts() throws InterruptedException {
        long handle = timer.arm(Thread.currentThread(), now() + 50 * MS);
        assertThat(timer.disarm(handle)).isEqualTo(InterruptTimer.NOT_FIRED);

        Thread.sleep(300);   // throws if the timer fires anyway
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(timer.armed()).isZero();
    }

    @Test
    void startsItsDaemonThreadOnFirstArm() {
        long before = timerThreads();
        InterruptTimer fresh = InterruptTimer.create();
        assertThat(timerThreads()).isEqualTo(before);

        fresh.disarm(fresh.arm(Thread.currentThread(), now() + 60_000 * MS));
        assertThat(timerThreads()).isEqualTo(before + 1);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("resilience-interrupt-timer"))
                .allMatch(Thread::isDaemon)).isTrue();
    }

    @Test
    void nestedArmsOnOneThreadAreIndependent() throws InterruptedException {
        long outer = timer.arm(Thread.currentThread(), now() + 60_000 * MS);
        long inner = timer.arm(Thread.currentThread(), now() + 50 * MS);

        assertThatThrownBy(() -> Thread.sleep(30_000)).isInstanceOf(InterruptedException.class);
        assertThat(timer.disarm(inner)).isEqualTo(InterruptTimer.INTERRUPTED);
        assertThat(timer.disarm(outer)).isEqualTo(InterruptTimer.NOT_FIRED);

        Thread.sleep(100);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void laterDeadlinesWaitForTheirTurn() throws InterruptedException {
        long late = timer.arm(Thread.currentThread(), now() + 60_000 * MS);
        Thread.sleep(100);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(timer.disarm(late)).isEqualTo(InterruptTimer.NOT_FIRED);
    }

    @Test
    void aHandleCanBeDisarmedOnlyOnce() {
        long handle = timer.arm(Thread.currentThread(), now() + 60_000 * MS);
        timer.disarm(handle);
        assertThatThrownBy(() -> timer.disarm(handle)).isInstanceOf(IllegalStateException.class);

        long reused = timer.arm(Thread.currentThread(), now() + 60_000 * MS);
        assertThat(reused).isNotEqualTo(handle);   // same entry, new generation
        assertThatThrownBy(() -> timer.disarm(handle)).isInstanceOf(IllegalStateException.class);
        assertThat(timer.disarm(reused)).isEqualTo(InterruptTimer.NOT_FIRED);
    }

    @Test
    void noStrayInterruptWhenDisarmRacesTheDeadline() throws Exception {
        int threads = 4;
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Thread> racers = new ArrayList<>();
        int[] fired = new int[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread racer = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    long handle = timer.arm(Thread.currentThread(), now() + random.nextLong(0, 20_000));
                    for (int spin = random.nextInt(200); spin > 0; spin--) {
                        Thread.onSpinWait();
                    }
                    boolean timedOut = timer.disarm(handle) == InterruptTimer.INTERRUPTED;
                    boolean interrupted = Thread.interrupted();
                    if (timedOut != interrupted) {
                        problems.add("disarm said " + timedOut + " but interrupted=" + interrupted);
                    }
                    if (timedOut) {
                        fired[me]++;
                    }
                }
                try {
                    Thread.sleep(300);   // a late interrupt from any arm would end this early
                } catch (InterruptedException e) {
                    problems.add("interrupted after every arm was disarmed");
                }
            });
            racer.start();
            racers.add(racer);
        }
        for (Thread racer : racers) {
            racer.join(120_000);
            assertThat(racer.isAlive()).isFalse();
        }
        assertThat(problems).isEmpty();
        assertThat(timer.armed()).isZero();
        int total = 0;
        for (int f : fired) {
            total += f;
        }
        assertThat(total).as("the race was actually run: some arms fired").isPositive();
    }

    /**
     * Audit: arming and disarming at the end of a deep recursion, where any method call may overflow
     * the stack. An overflow inside the timer must not leave an arm whose handle its caller never got
     * (it fired later, into code no call covered), nor a half-changed heap, nor a lost entry.
     */
    @Test
    void aStackOverflowInsideTheTimerLosesNoArmAndBreaksNoHeap() throws Exception {
        List<Long> standing = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // a heap of some height, so that arms and disarms move entries in it
            standing.add(timer.arm(Thread.currentThread(), now() + (60 + i) * 1_000 * MS));
        }
        List<String> problems = new CopyOnWriteArrayList<>();
        Diver diver = new Diver(timer);
        Thread deep = new Thread(null, () -> {
            for (int round = 0; round < 40; round++) {
                diver.down();
            }
            if (diver.pending >= 0) {
                diver.disarm();
            }
            try {
                Thread.sleep(300); // past every deadline armed in the dives: a lost arm would interrupt here
            } catch (InterruptedException e) {
                problems.add("interrupted after every handle the dives got was disarmed");
            }
        }, "deep", 256 * 1024);
        deep.start();
        deep.join(120_000);

        assertThat(deep.isAlive()).isFalse();
        assertThat(problems).isEmpty();
        assertThat(diver.overflows).as("the agent's calls did overflow the stack").isPositive();
        assertThat(timer.armed()).as("no entry lost").isEqualTo(standing.size());
        long soon = timer.arm(Thread.currentThread(), now() + 20 * MS);
        boolean interrupted = false;
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException atTheDeadline) {
            interrupted = true; // as a heap in order makes it
        }
        assertThat(interrupted).isTrue();
        assertThat(timer.disarm(soon)).isEqualTo(InterruptTimer.INTERRUPTED);
        for (long handle : standing) {
            assertThat(timer.disarm(handle)).isEqualTo(InterruptTimer.NOT_FIRED);
        }
        assertThat(timer.armed()).isZero();
    }

    /** Recurses to the stack's end, then arms and disarms at every depth on the way up, keeping the handle as the agent does. */
    private static final class Diver {
        final InterruptTimer timer;
        long pending = -1;
        int overflows;

        Diver(InterruptTimer timer) {
            this.timer = timer;
        }

        void down() {
            try {
                down();
            } catch (StackOverflowError expected) {
                // the deepest frame: arm and disarm on the way up
            }
            if (pending >= 0 && !disarm()) {
                return;
            }
            try {
                pending = timer.arm(Thread.currentThread(), System.nanoTime() + 30 * MS);
            } catch (StackOverflowError overflow) {
                overflows++;
                return;
            }
            disarm();
        }

        /** False when it overflowed: the handle is kept for a shallower frame to disarm. */
        boolean disarm() {
            try {
                if (timer.disarm(pending) == InterruptTimer.INTERRUPTED) {
                    Thread.interrupted(); // fired in a slow dive: ours to clear
                }
                pending = -1;
                return true;
            } catch (StackOverflowError overflow) {
                overflows++;
                return false;
            }
        }
    }

    /**
     * Review: a handle is never negative, which callers take for "none": after 2^31 arms of one entry
     * (the free list reuses the last entry freed), the handle's sign bit was set and the arm was never
     * disarmed.
     */
    @Test
    void aHandleStaysPositiveWhenAnEntrysGenerationWrapsAround() throws Exception {
        timer.disarm(timer.arm(Thread.currentThread(), now() + 60_000 * MS));
        Object[] entries = (Object[]) field(InterruptTimer.class, "entries").get(timer);
        java.lang.reflect.Field generation = field(entries[0].getClass(), "generation");
        generation.setInt(entries[0], Integer.MAX_VALUE - 1);

        for (int i = 0; i < 3; i++) {
            long handle = timer.arm(Thread.currentThread(), now() + 60_000 * MS);
            assertThat(handle).isNotNegative();
            assertThat(timer.disarm(handle)).isEqualTo(InterruptTimer.NOT_FIRED);
        }
        assertThat(timer.armed()).isZero();
    }

    private static java.lang.reflect.Field field(Class<?> owner, String name) throws NoSuchFieldException {
        java.lang.reflect.Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    @Test
    void rejectsNullThread() {
        assertThatThrownBy(() -> timer.arm(null, now())).isInstanceOf(NullPointerException.class);
    }
}
