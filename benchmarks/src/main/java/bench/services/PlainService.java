package bench.services;

import java.io.IOException;

/** Not named by the policy: the unwrapped baseline. Thread-safe. */
public class PlainService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }
}
