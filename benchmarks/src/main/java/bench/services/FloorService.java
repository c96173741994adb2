package bench.services;

import java.io.IOException;

/** Not named by the policy: the Byte Buddy reference agent adds a bare counter advice (the floor). Thread-safe. */
public class FloorService {
    public String get(int key) throws IOException {
        return Bodies.value(key);
    }
}
