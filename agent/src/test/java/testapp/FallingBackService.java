package testapp;

import java.io.IOException;

/**
 * An outer call that, when its inner call fails, tries something else that blocks (an interruptible
 * sleep standing for a second service): under {@code mode: interrupt} it must still be interrupted at
 * its own deadline, even though its first interrupt went to the inner call.
 */
public class FallingBackService {
    private final Inner inner = new Inner();

    public String load(String millis) throws IOException, InterruptedException {
        try {
            return inner.fetch(millis);
        } catch (IOException innerFailed) {
            Thread.sleep(Long.parseLong(millis)); // the fallback path, also slow
            return "fallback";
        }
    }

    /** Blocks, and swallows an interrupt into an IOException, as much I/O code does. */
    public static class Inner {
        public String fetch(String millis) throws IOException {
            try {
                Thread.sleep(Long.parseLong(millis));
                return "inner";
            } catch (InterruptedException e) {
                throw new IOException("interrupted"); // the flag is not restored
            }
        }
    }
}
