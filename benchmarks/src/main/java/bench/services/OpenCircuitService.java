package bench.services;

import java.io.IOException;

/** Rule {@code open-circuit}: one failure opens the breaker for an hour. Thread-safe. */
public class OpenCircuitService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }

    /** Always fails: one call opens the circuit. */
    public String fail() throws IOException {
        throw new IOException("service down");
    }
}
