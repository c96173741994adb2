package testapp;

import java.io.IOException;

/**
 * A web application's client, defined again by a throw-away loader in {@link Undeploy}: its first
 * attempt of each call fails, the retry succeeds; {@code self} returns the instance itself.
 */
public class UndeployPlugin {
    private int attempts;

    public String call() throws IOException {
        if (++attempts % 2 == 1) {
            throw new IOException("first attempt of call " + attempts);
        }
        return "ok after " + attempts;
    }

    public Object self() {
        return this;
    }
}
