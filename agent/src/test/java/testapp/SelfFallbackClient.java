package testapp;

import java.io.IOException;

/** A client whose fallback method sits next to the method it serves, where a {@code "*"} rule matches it too. */
public class SelfFallbackClient {
    static int fallbackCalls;

    public String name(String id) throws IOException {
        throw new IOException("catalog down");
    }

    /** The fallback: fails too (a cold cache), and counts its calls. */
    static String cachedName(String id) throws IOException {
        fallbackCalls++;
        throw new IOException("cache miss for " + id);
    }

    /** {@code threw <message>, fallback calls N}: what a call of {@link #name} gave. */
    public static String callOnce(String id) {
        try {
            return new SelfFallbackClient().name(id);
        } catch (IOException e) {
            return "threw " + e.getMessage() + ", fallback calls " + fallbackCalls;
        }
    }
}
