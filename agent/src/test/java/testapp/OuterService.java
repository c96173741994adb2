package testapp;

import java.io.IOException;

/** Calls into another rule's client: the inner rule must respect this rule's deadline. */
public class OuterService {
    private final LegacyClient inner;

    public OuterService(String base) {
        this.inner = new LegacyClient(base);
    }

    public String load(String path) throws IOException {
        return inner.get(path);
    }
}
