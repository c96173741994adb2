package testprologue;

/** A method a test moves from one rule to another by reloading (see RetransformerTest). */
public class MovedClient {
    public String get() throws java.io.IOException {
        return "body";
    }
}
