package testapp;

import java.io.IOException;

/** Old-style HTTP client: failures as IOException, no resilience code. */
public class LegacyClient {
    private final String base;

    public LegacyClient(String base) {
        this.base = base;
    }

    public String get(String path) throws IOException {
        return Http.get(base, path);
    }

    /** Calls another method of the same class (and so of the same rule) twice. */
    public String getTwice(String path) throws IOException {
        return get(path) + "+" + get(path);
    }

    public void send(String path) throws IOException {
        Http.get(base, path);
    }

    public int length(String path) throws IOException {
        return Http.get(base, path).length();
    }

    @Override
    public String toString() {
        return "LegacyClient(" + base + ")";
    }
}
