package testapp;

/**
 * A class {@link DeepStack#loadDeep} first loads at the end of a stack: no other code names it, so
 * nothing loads it earlier. Its method fails the first attempt of each call.
 */
public class LoadedDeep {
    private int runs;

    /** {@code runs=N}: 2 when the call was retried, 1 when it ran unprotected. */
    public String flaky() throws java.io.IOException {
        if (++runs % 2 == 1) {
            throw new java.io.IOException("first attempt");
        }
        return "ok";
    }

    public String call() {
        runs = 0;
        String last;
        try {
            last = flaky();
        } catch (java.io.IOException unprotected) {
            last = "failed";
        }
        return last + " runs=" + runs;
    }
}
