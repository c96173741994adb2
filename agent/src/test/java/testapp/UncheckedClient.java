package testapp;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A client whose methods declare no checked exception. */
public class UncheckedClient {
    private final String base;

    public UncheckedClient(String base) {
        this.base = base;
    }

    public String fetch(String path) {
        try {
            return Http.get(base, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
