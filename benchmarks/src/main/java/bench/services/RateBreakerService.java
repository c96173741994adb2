package bench.services;

import java.io.IOException;

/** Rule {@code retry-rate-breaker}: retry + failure-rate breaker over 100 calls (Resilience4j's default kind). Thread-safe. */
public class RateBreakerService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }
}
