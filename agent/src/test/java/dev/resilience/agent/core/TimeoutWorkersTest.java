package dev.resilience.agent.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutWorkersTest {

    static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

    /** Released at the end of each test so that no body outlives it. */
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBodies() {
        release.countDown();
    }

    Future<String> blocking(TimeoutWorkers workers, CountDownLatch started) {
        return workers.trySubmit(() -> {
            started.countDown();
            release.await();
            return "done";
        });
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(5);
        }
    }

    /** An exception whose message cannot be made: its toString() throws. */
    static final class UnprintableException extends RuntimeException {
        @Override
        public String getMessage() {
            throw new NullPointerException("the response had no body");
        }
    }

    /**
     * Audit: FutureTask reports a body's failure in an ExecutionException built with the failure's
     * toString(); when that threw, the NullPointerException came out of get() instead, the agent took
     * it for its own bug, and the caller got null. The body's failure is now always the cause.
     */
    @Test
    void aBodysFailureWhoseMessageThrowsStillComesAsTheCause() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(2, KEEP_ALIVE);
        UnprintableException thrown = new UnprintableException();
        Future<String> future = workers.trySubmit(() -> {
            throw thrown;
        });

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(thrown);
        assertThatThrownBy(() -> new HandoffWait().await(future, TimeUnit.SECONDS.toNanos(10)))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(thrown);
    }

    @Test
    void startsNoThreadUntilABodyArrives() {
        TimeoutWorkers workers = TimeoutWorkers.create(4, KEEP_ALIVE);
        assertThat(workers.threads()).isZero();
        assertThat(workers.busy()).isZero();
    }

    @Test
    void runsTheBodyOnANamedDaemonThread() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(2, KEEP_ALIVE);
        Thread body = workers.trySubmit(Thread::currentThread).get(10, TimeUnit.SECONDS);

        assertThat(body).isNotSameAs(Thread.currentThread());
        assertThat(body.getName()).matches("resilience-timeout-\\d+");
        assertThat(body.isDaemon()).isTrue();
    }

    @Test
    void rejectsAtOnceWhenEveryWorkerIsBusy() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(2, KEEP_ALIVE);
        CountDownLatch started = new CountDownLatch(2);
        Future<String> first = blocking(workers, started);
        Future<String> second = blocking(workers, started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(workers.trySubmit(() -> "third")).isNull();
        assertThat(workers.busy()).isEqualTo(2);
        assertThat(workers.threads()).isEqualTo(2);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(workers.trySubmit(() -> "fourth").get(10, TimeUnit.SECONDS)).isEqualTo("fourth");
        assertThat(workers.threads()).isEqualTo(2);
    }

    @Test
    void aCallerThatSubmitsAgainAfterItsCallReturnedAlwaysFindsTheWorker() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(1, KEEP_ALIVE);
        for (int i = 0; i < 5_000; i++) {
            int n = i;
            Future<Integer> f = workers.trySubmit(() -> n);
            assertThat(f).as("submission %d", i).isNotNull();
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(n);
        }
        assertThat(workers.threads()).isEqualTo(1);
    }

    @Test
    void reusesIdleThreadsInsteadOfStartingNewOnes() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(8, KEEP_ALIVE);
        for (int i = 0; i < 100; i++) {
            workers.trySubmit(() -> "x").get(10, TimeUnit.SECONDS);
        }
        assertThat(workers.threads()).isEqualTo(1);
    }

    @Test
    void idleThreadsEndAfterKeepAlive() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(2, Duration.ofMillis(50));
        Thread body = workers.trySubmit(Thread::currentThread).get(10, TimeUnit.SECONDS);

        body.join(10_000);
        assertThat(body.isAlive()).isFalse();
        assertThat(workers.threads()).isZero();

        assertThat(workers.trySubmit(() -> "again").get(10, TimeUnit.SECONDS)).isEqualTo("again");
    }

    @Test
    void failuresOfTheBodyReachTheFuture() {
        TimeoutWorkers workers = TimeoutWorkers.create(1, KEEP_ALIVE);
        Future<Object> f = workers.trySubmit(() -> {
            throw new IOException("boom");
        });
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void cancellingInterruptsTheBodyAndTheInterruptDoesNotLeakIntoTheNextBody() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(1, KEEP_ALIVE);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<String> stuck = workers.trySubmit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        stuck.cancel(true);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();

        await(() -> workers.busy() == 0, "the body has returned");
        assertThat(workers.trySubmit(() -> Thread.currentThread().isInterrupted()).get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aBodyThatIgnoresTheTimeoutKeepsItsPlace() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(1, KEEP_ALIVE);
        CountDownLatch started = new CountDownLatch(1);
        Future<String> stubborn = workers.trySubmit(() -> {
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // like blocking I/O that ignores interrupts
                }
            }
            return "done";
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        stubborn.cancel(true);

        assertThat(workers.trySubmit(() -> "next")).isNull();
        assertThat(workers.threads()).isEqualTo(1);
        release.countDown();
        await(() -> workers.busy() == 0, "the stubborn body has returned");
        assertThat(workers.trySubmit(() -> "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");
    }

    @Test
    void neverRunsMoreBodiesOrThreadsThanTheBoundUnderContention() throws Exception {
        int max = 3;
        TimeoutWorkers workers = TimeoutWorkers.create(max, Duration.ofMillis(1));
        AtomicInteger inBody = new AtomicInteger();
        AtomicInteger maxInBody = new AtomicInteger();
        AtomicInteger maxThreads = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        int submitters = 8;
        CyclicBarrier start = new CyclicBarrier(submitters);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int s = 0; s < submitters; s++) {
            Thread submitter = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < 2_000; i++) {
                        Future<Integer> f = workers.trySubmit(() -> {
                            maxInBody.accumulateAndGet(inBody.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inBody.decrementAndGet();
                            return 1;
                        });
                        maxThreads.accumulateAndGet(workers.threads(), Math::max);
                        if (f != null) {
                            completed.addAndGet(f.get(10, TimeUnit.SECONDS));
                        }
                        if (i % 500 == 0) {
                            Thread.sleep(3);   // let idle workers retire now and then
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            submitter.start();
            threads.add(submitter);
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(errors).isEmpty();
        assertThat(maxInBody.get()).isBetween(1, max);
        assertThat(maxThreads.get()).isBetween(1, max);
        assertThat(completed.get()).isGreaterThan(1_000);
        await(() -> workers.busy() == 0, "all bodies have returned");
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> TimeoutWorkers.create(0, KEEP_ALIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxThreads");
        assertThatThrownBy(() -> TimeoutWorkers.create(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlive");
        assertThatThrownBy(() -> TimeoutWorkers.create(1, KEEP_ALIVE, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleSpinNanos");
        assertThatThrownBy(() -> TimeoutWorkers.create(1, KEEP_ALIVE).trySubmit(null))
                .isInstanceOf(NullPointerException.class);
    }

    /**
     * Audit: a caller that took an idle worker off the list and overflowed the stack before handing it
     * its body lost the worker until its keep-alive ended; with every worker lost so, every call was
     * refused. The worker puts itself back within a second, and leaves the list for good as it retires.
     */
    @Test
    void aWorkerLostFromTheIdleListIsFoundAgainAndLeavesItAsItRetires() throws Exception {
        TimeoutWorkers workers = TimeoutWorkers.create(1, Duration.ofMillis(2_500), 0);
        assertThat(workers.trySubmit(() -> "first").get(5, TimeUnit.SECONDS)).isEqualTo("first");
        java.lang.reflect.Field field = TimeoutWorkers.class.getDeclaredField("idle");
        field.setAccessible(true);
        java.util.Deque<?> idle = (java.util.Deque<?>) field.get(workers);
        await(() -> !idle.isEmpty(), "the worker is idle");
        assertThat(idle.pollFirst()).isNotNull(); // as the caller that overflowed did

        Thread.sleep(1_300);
        Future<String> second = workers.trySubmit(() -> "second");

        assertThat(second).as("the one worker allowed serves calls again").isNotNull();
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(workers.threads()).isEqualTo(1);
        await(() -> workers.threads() == 0, "the worker retired");
        assertThat(idle).isEmpty();
    }
}
