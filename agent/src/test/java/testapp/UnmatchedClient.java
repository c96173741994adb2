package testapp;

import java.io.IOException;

/** The policy never names this class: it must behave exactly as without the agent. */
public class UnmatchedClient {
    private final String base;

    public UnmatchedClient(String base) {
        this.base = base;
    }

    public String get(String path) throws IOException {
        return Http.get(base, path);
    }
}
