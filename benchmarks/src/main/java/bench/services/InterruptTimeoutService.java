package bench.services;

import java.io.IOException;

/** Rule {@code timeout-interrupt}: retry + breaker + 1 s timeout, {@code mode: interrupt} (body on the caller). Thread-safe. */
public class InterruptTimeoutService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }
}
