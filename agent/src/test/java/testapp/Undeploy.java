package testapp;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An application server in miniature: a web application's loader defines {@link UndeployPlugin},
 * a pooled request thread (which outlives the application) calls it, the application is undeployed,
 * and {@code COLLECTED true|false} says whether its loader could then be collected. The argument
 * names the method called ({@code call} or {@code self}).
 */
public final class Undeploy {
    private static final String PLUGIN = "testapp.UndeployPlugin";

    private Undeploy() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService requestThreads = Executors.newFixedThreadPool(1);
        WeakReference<ClassLoader> webapp = deployCallAndUndeploy(requestThreads, args[0]);
        for (int i = 0; i < 50 && webapp.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        System.out.println("COLLECTED " + (webapp.get() == null));
        requestThreads.shutdown();
    }

    private static WeakReference<ClassLoader> deployCallAndUndeploy(ExecutorService requestThreads, String method)
            throws Exception {
        byte[] bytes;
        // by name: UndeployPlugin.class would load the class in this loader too, and keep the rule's methods live
        try (InputStream in = Undeploy.class.getResourceAsStream("UndeployPlugin.class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader loader = new ClassLoader("webapp", Undeploy.class.getClassLoader()) {
            {
                defineClass(PLUGIN, bytes, 0, bytes.length);
            }
        };
        Class<?> type = Class.forName(PLUGIN, true, loader);
        Object client = type.getConstructor().newInstance();
        Object result = requestThreads.submit(() -> type.getMethod(method).invoke(client)).get();
        System.out.println("CALLED " + method + " " + (result instanceof String ? result : result.getClass().getName()));
        return new WeakReference<>(loader);
    }
}
