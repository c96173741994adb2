package testapp;

import java.io.IOException;
import java.lang.reflect.Proxy;

/**
 * A JDK proxy of a package-private interface, which the JDK defines in this package (not in
 * {@code jdk.proxyN}): prints {@code PROXY <class name> HANDLER_CALLS <n>} after one failing call.
 */
public final class PrivateProxies {
    interface Repo {
        String load(String key) throws IOException;
    }

    private static int handlerCalls;

    private PrivateProxies() {
    }

    public static void main(String[] args) {
        Repo repo = (Repo) Proxy.newProxyInstance(PrivateProxies.class.getClassLoader(), new Class<?>[] {Repo.class},
                (proxy, method, arguments) -> {
                    handlerCalls++;
                    throw new IOException("backend down");
                });
        try {
            repo.load("k");
        } catch (IOException expected) {
            // the handler's failure, as without the agent
        }
        System.out.println("PROXY " + repo.getClass().getName() + " HANDLER_CALLS " + handlerCalls);
    }
}
