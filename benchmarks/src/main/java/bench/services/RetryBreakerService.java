package bench.services;

import java.io.IOException;

/** Rule {@code retry-breaker}: retry (3 attempts) + consecutive-failure breaker, no timeout. Thread-safe. */
public class RetryBreakerService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }
}
