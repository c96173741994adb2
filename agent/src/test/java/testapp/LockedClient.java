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

    /** Not synchronized, but takes the monitor itself: on a worker, while its caller holds it, it would wait for ever. */
    public String getLocking(String path) throws IOException {
        synchronized (this) {
            return Http.get(base, path) + " thread=" + Thread.currentThread().getName();
        }
    }
}
