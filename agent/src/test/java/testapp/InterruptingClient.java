package testapp;

/** Bodies that meet interrupts: one restores the interrupt status it caught, one declares InterruptedException. */
public class InterruptingClient {
    /** Gives up on a (simulated) interruption and restores the interrupt status, the usual idiom. */
    public String restores() {
        try {
            throw new InterruptedException("simulated cancellation");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "cancelled";
        }
    }

    /** Counted down by every {@link #take()} body: the holder below has its place once it runs. */
    private static final java.util.concurrent.CountDownLatch TAKING = new java.util.concurrent.CountDownLatch(1);

    public String take() throws InterruptedException {
        TAKING.countDown();
        Thread.sleep(5_000);
        return "item";
    }

    /** {@link #restores()}, then whether the caller's interrupt status is set (cleared again). */
    public static String restoresThenStatus() {
        String value = new InterruptingClient().restores();
        return value + ", caller interrupted " + Thread.interrupted();
    }

    /** {@link #take()} while another thread interrupts the caller after 300 ms: what the caller's handlers saw. */
    public static String takeInterrupted() throws InterruptedException {
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        try {
            return new InterruptingClient().take();
        } catch (InterruptedException e) {
            return "caught " + e.getClass().getName();
        } finally {
            Thread.interrupted();
            interrupter.join();
        }
    }

    /**
     * {@link #takeInterrupted()} while another thread's {@link #take()} holds the rule's one bulkhead
     * place: the caller is interrupted while it waits for the place.
     */
    public static String takeInterruptedWaitingForAPlace() throws InterruptedException {
        Thread holder = new Thread(() -> {
            try {
                new InterruptingClient().take();
            } catch (InterruptedException | RuntimeException ignored) {
                // interrupted at the end below
            }
        });
        holder.setDaemon(true);
        holder.start();
        if (!TAKING.await(20, java.util.concurrent.TimeUnit.SECONDS)) { // the holder's body runs: it holds the place
            throw new IllegalStateException("the holder's take() never started");
        }
        try {
            return takeInterrupted();
        } finally {
            holder.interrupt();
        }
    }
}
