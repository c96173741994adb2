package bench.services;

import java.io.IOException;

/** Rule {@code precision-thread}: 20 ms timeout, {@code mode: thread}; used by the timeout-precision harness. Thread-safe. */
public class SlowThreadService {
    /** Interruptible body. */
    public String sleep(long millis) throws IOException {
        return Bodies.sleep(millis);
    }

    /** Body blocked in a socket read that ignores interrupts. */
    public String blockedRead(long millis) throws IOException {
        return Bodies.blockedRead(millis);
    }
}
