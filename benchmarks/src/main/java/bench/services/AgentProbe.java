package bench.services;

import java.io.IOException;

/**
 * Rule {@code probe} (2 attempts): {@link #call()} fails on its first attempt and succeeds on the
 * second, so it returns only when the agent is attached and instrumenting this package. Not
 * thread-safe; use a new instance per check.
 */
public class AgentProbe {
    private int attempts;

    public String call() throws IOException {
        if (++attempts == 1) {
            throw new IOException("first attempt fails");
        }
        return "attempts: " + attempts;
    }
}
