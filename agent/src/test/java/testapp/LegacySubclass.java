package testapp;

import java.io.IOException;

/** A subclass no rule names that overrides a protected method and calls the parent's: a decorator, a spy. */
public class LegacySubclass extends LegacyClient {
    public int bodies;

    public LegacySubclass(String base) {
        super(base);
    }

    @Override
    public String get(String path) throws IOException {
        bodies++;
        return "sub(" + super.get(path) + ")";
    }
}
