package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

class PerThreadCounterTest {

    @Test
    void sumsTheSharedCountAndEveryThreadsCells() {
        PerThreadCounter counter = new PerThreadCounter();
        ThreadCells mine = ThreadCells.forCurrentThread();

        counter.increment(mine);
        counter.increment(mine);
        counter.increment();
        counter.add(10);

        assertThat(counter.sum()).isEqualTo(13);
    }

    @Test
    void countersDoNotShareCells() {
        PerThreadCounter a = new PerThreadCounter();
        PerThreadCounter b = new PerThreadCounter();
        ThreadCells mine = ThreadCells.forCurrentThread();

        a.increment(mine);
        b.increment(mine);
        b.increment(mine);

        assertThat(a.sum()).isEqualTo(1);
        assertThat(b.sum()).isEqualTo(2);
    }

    @Test
    void aCounterCreatedAfterTheCellsGrowsThemWithoutLosingEarlierCounts() {
        ThreadCells mine = ThreadCells.forCurrentThread();
        PerThreadCounter early = new PerThreadCounter();
        early.increment(mine);
        List<PerThreadCounter> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new PerThreadCounter());
        }

        many.get(99).increment(mine);
        early.increment(mine);

        assertThat(early.sum()).isEqualTo(2);
        assertThat(many.get(99).sum()).isEqualTo(1);
        assertThat(many.get(98).sum()).isZero();
    }

    @Test
    void eightThreadsCountingTogetherLoseNothing() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        int threads = 8;
        int perThread = 200_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                ThreadCells cells = ThreadCells.forCurrentThread();
                await(start);
                for (int i = 0; i < perThread; i++) {
                    counter.increment(cells);
                }
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }

        assertThat(counter.sum()).isEqualTo((long) threads * perThread);
    }

    @Test
    void theCountsOfEndedThreadsSurviveTheirCellsBeingDropped() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        int threads = 300; // several sweeps of ended threads' cells
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                ThreadCells cells = ThreadCells.forCurrentThread();
                counter.increment(cells);
                counter.increment(cells);
            });
            thread.start();
            thread.join();
        }

        assertThat(counter.sum()).isEqualTo(2L * threads);
        assertThat(ThreadCells.registered()).as("cells of ended threads are dropped").isLessThan(threads);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
