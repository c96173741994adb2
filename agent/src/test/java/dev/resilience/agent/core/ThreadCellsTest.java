package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCellsTest {

    @Test
    void aNewThreadRegistersItsCellsWhileAReaderHoldsTheRegistry() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        List<Thread> registering = new ArrayList<>();
        ThreadCells.whileRegistryHeld(() -> {
            // More than one drain's worth, so that some of them offer to drain and find the registry taken.
            for (int i = 0; i < ThreadCells.DRAIN_EVERY * 2; i++) {
                Thread thread = new Thread(() -> counter.increment(ThreadCells.forCurrentThread()));
                thread.start();
                registering.add(thread);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // blocked for good without the fix
            for (Thread thread : registering) {
                joinBefore(thread, deadline);
            }
        });

        assertThat(registering).as("registering threads that waited for the registry").noneMatch(Thread::isAlive);
        assertThat(counter.sum()).isEqualTo(ThreadCells.DRAIN_EVERY * 2L);
    }

    @Test
    void theCellsOfEndedThreadsDoNotPileUpWhenNothingReadsThem() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        int threads = 3_000;
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> counter.increment(ThreadCells.forCurrentThread()));
            thread.start();
            thread.join();
        }

        // Registrations drain the list and sweep ended threads themselves: no scrape needed.
        assertThat(ThreadCells.held()).isLessThan(500);
        assertThat(counter.sum()).isEqualTo(threads);
    }

    @Test
    void countsStayExactWhileThreadsComeAndGoUnderAReader() throws Exception {
        PerThreadCounter counter = new PerThreadCounter();
        int threads = 2_000;
        int perThread = 50;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean wentBack = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (!stop.get()) {
                long seen = counter.sum();
                wentBack.compareAndSet(false, seen < last); // a count once seen is never lost
                last = seen;
            }
        });
        reader.start();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(go);
                ThreadCells cells = ThreadCells.forCurrentThread();
                for (int i = 0; i < perThread; i++) {
                    counter.increment(cells);
                }
            });
            thread.start();
            workers.add(thread);
        }
        go.countDown();
        for (Thread thread : workers) {
            thread.join();
        }
        stop.set(true);
        reader.join();

        assertThat(counter.sum()).isEqualTo((long) threads * perThread);
        assertThat(wentBack).as("a sum lower than an earlier one").isFalse();
    }

    private static void joinBefore(Thread thread, long deadline) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
