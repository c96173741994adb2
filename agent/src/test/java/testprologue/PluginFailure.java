package testprologue;

/** An {@code onFailure.exception} class as a plugin would ship it, loaded by the plugin's own loader in the tests. */
public class PluginFailure extends RuntimeException {
    public PluginFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
