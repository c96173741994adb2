package bench.services;

import java.io.IOException;

/** Rule {@code timeout-thread}: retry + breaker + 1 s timeout, {@code mode: thread} (body on a worker). Thread-safe. */
public class ThreadTimeoutService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }
}
