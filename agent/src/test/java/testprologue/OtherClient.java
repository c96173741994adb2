package testprologue;

/** A second class for a batch of two (review probe). */
public class OtherClient {
    public String get() throws java.io.IOException {
        return "other";
    }
}
