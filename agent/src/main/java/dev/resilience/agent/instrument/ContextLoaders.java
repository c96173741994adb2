package dev.resilience.agent.instrument;

/**
 * A body, retry or fallback the agent runs on a thread of its own runs with its caller's context
 * class loader (frameworks look resources and service providers up through it), and the thread
 * gets its own back afterwards. Stateless.
 */
final class ContextLoaders {
    private ContextLoaders() {
    }

    /** Makes {@code loader} this thread's context class loader; returns the one {@link #restore} puts back. */
    static ClassLoader adopt(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader own = thread.getContextClassLoader();
        if (own != loader) {
            thread.setContextClassLoader(loader);
        }
        return own;
    }

    /** Puts back what {@link #adopt} returned ({@code own}) in place of {@code adopted}. */
    static void restore(ClassLoader own, ClassLoader adopted) {
        if (own != adopted) {
            Thread.currentThread().setContextClassLoader(own);
        }
    }
}
