package testapp;

import java.io.IOException;

/** A client whose method is synchronized: the caller holds the client's monitor while the body runs. */
public class LockedClient {
    private final String base;

    public LockedClient(String base) {
        this.base = base;
    }

    public synchronized String get(String path) throws IOException {
        return Http.get(base, path) + " thread=" + Thread.currentThread().getName();
    }
}
