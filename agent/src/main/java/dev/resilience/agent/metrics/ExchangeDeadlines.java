package dev.resilience.agent.metrics;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The metrics endpoint's handler threads, each exchange given a deadline: a handler still busy
 * with one when it passes is interrupted, which closes the connection it is blocked reading or
 * writing (a socket channel gives up on interrupt) and frees the thread. Without it, as many
 * clients as there are handlers, each sending half a request and waiting, would stop every scrape
 * for as long as they stay connected; the JDK's server has read timeouts only as JVM-wide system
 * properties, which would change the application's own servers too. Thread-safe.
 */
final class ExchangeDeadlines implements Executor {
    private final ThreadPoolExecutor handlers;
    private final ScheduledThreadPoolExecutor watch;
    /** Closes the connections of exchanges the handlers had no room for (see {@link Refused}). */
    private final ThreadPoolExecutor closer;
    private final long limitNanos;

    /**
     * @param handlers runs the exchanges
     * @param threads  makes the thread that watches the deadlines (one, gone when idle)
     * @param limitNanos how long one exchange may take, reading the request to writing the answer
     */
    ExchangeDeadlines(ThreadPoolExecutor handlers, ThreadFactory threads, long limitNanos) {
        this.handlers = handlers;
        this.limitNanos = limitNanos;
        this.watch = new ScheduledThreadPoolExecutor(1, threads);
        watch.setRemoveOnCancelPolicy(true);
        watch.setKeepAliveTime(30, TimeUnit.SECONDS);
        watch.allowCoreThreadTimeOut(true);
        // Unbounded, but each refused exchange takes it microseconds: it fails at its first read, or (its request
        // already buffered, pipelined) at PrometheusEndpoint.handle's first check.
        this.closer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        closer.allowCoreThreadTimeOut(true);
    }

    /** @throws RejectedExecutionException only once shut down */
    @Override
    public void execute(Runnable exchange) {
        try {
            handlers.execute(new Guarded(exchange));
        } catch (RejectedExecutionException full) {
            // Dropped here, the connection would stay open, unanswered, for the JVM's life: the server has
            // already taken it off its selector (audit: bursts of scrapes left dozens of sockets each).
            closer.execute(new Refused(exchange));
        }
    }

    void shutdown() {
        handlers.shutdownNow();
        watch.shutdownNow();
        closer.shutdownNow();
    }

    /**
     * An exchange run with its thread already interrupted: its first read of the request fails on
     * the interrupt, and the server closes the connection. The client sees the connection close,
     * as from a server too busy to answer, instead of waiting for ever.
     */
    private static final class Refused implements Runnable {
        private final Runnable exchange;

        Refused(Runnable exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            Thread.currentThread().interrupt();
            try {
                exchange.run();
            } catch (RuntimeException ignored) {
                // the server's own exchange code ends the connection on any failure; nothing more to do here
            } finally {
                Thread.interrupted();
            }
        }
    }

    /** One exchange on its handler thread, and the interrupt its deadline may bring. */
    private final class Guarded implements Runnable {
        private final Runnable exchange;
        private Thread running; // guarded by this: set while the exchange runs, so a late deadline interrupts no other
        
        Guarded(Runnable exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            synchronized (this) {
                running = Thread.currentThread();
            }
            ScheduledFuture<?> deadline = watch.schedule(this::expire, limitNanos, TimeUnit.NANOSECONDS);
            try {
                exchange.run();
            } finally {
                deadline.cancel(false);
                synchronized (this) {
                    running = null;
                    Thread.interrupted(); // an interrupt that came as the exchange ended must not reach the next one
                }
            }
        }

        private synchronized void expire() {
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
