package testapp;

import java.net.URL;
import java.net.URLClassLoader;

/** A body that reports the context class loader it runs with. */
public class LoaderClient {
    public String contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return (loader == null ? "null" : loader.getName()) + " on " + Thread.currentThread().getName();
    }

    /** A call with the thread's own loader (which makes the worker), then one with a loader named {@code caller-loader}. */
    public static String twoCalls() throws Exception {
        LoaderClient client = new LoaderClient();
        String first = client.contextLoader();
        Thread thread = Thread.currentThread();
        ClassLoader own = thread.getContextClassLoader();
        try (URLClassLoader caller = new URLClassLoader("caller-loader", new URL[0], own)) {
            thread.setContextClassLoader(caller);
            return first + " | " + client.contextLoader();
        } finally {
            thread.setContextClassLoader(own);
        }
    }
}
