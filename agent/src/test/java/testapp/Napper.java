package testapp;

import java.io.IOException;
import java.io.InterruptedIOException;

/** Blocks the way I/O clients do, and turns an interrupt into an InterruptedIOException, as they do. */
public class Napper {
    public int bodies;

    public String nap(String millis) throws IOException {
        bodies++;
        try {
            Thread.sleep(Long.parseLong(millis));
            return "rested";
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while napping");
        }
    }
}
