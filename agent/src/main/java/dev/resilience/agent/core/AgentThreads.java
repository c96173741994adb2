package dev.resilience.agent.core;

import java.security.PrivilegedAction;

/**
 * Makes the agent's own daemon threads. A thread created on demand starts from its creator's
 * context: its context class loader, its inheritable thread-locals, its priority, its thread group
 * (a virtual thread's is "VirtualThreads") and (Java 17) the protection domains of every class on
 * the creating stack. For the agent's threads the creator is whichever application thread first needed
 * one: a web application's request thread would lend its loader to bodies of other applications
 * and keep it, undeployed, from being unloaded for as long as the thread lives. Each thread made
 * here starts from the system class loader and the agent's own protection domain, in the JVM's
 * root thread group, where the JDK keeps its own service threads; a body run on it gets its
 * caller's context class loader for the time it runs. Stateless.
 */
public final class AgentThreads {
    private AgentThreads() {
    }

    /** The root thread group, found once (a holder: the first thread is made while the application starts). */
    private static final class Root {
        @SuppressWarnings("removal")
        static final ThreadGroup GROUP = java.security.AccessController.doPrivileged(new FindRoot());
    }

    /** The root group, or null (the creator's group) where a security manager keeps the agent out of it. */
    private static final class FindRoot implements PrivilegedAction<ThreadGroup> {
        @Override
        @SuppressWarnings("removal") // checkAccess: only a security manager (Java 17) refuses it
        public ThreadGroup run() {
            try {
                ThreadGroup group = Thread.currentThread().getThreadGroup();
                while (group.getParent() != null) {
                    group = group.getParent();
                }
                group.checkAccess(); // what making a thread in it asks
                return group;
            } catch (SecurityException refused) {
                return null;
            }
        }
    }

    /** A daemon thread, not started. */
    @SuppressWarnings("removal") // AccessController: on Java 17 the only way not to inherit the caller's domains
    public static Thread daemon(Runnable task, String name) {
        Thread thread = java.security.AccessController.doPrivileged(new Create(task, name));
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY);
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        return thread;
    }

    /** A named class, not a lambda: the first one is made while the application starts (issue 8). */
    private record Create(Runnable task, String name) implements PrivilegedAction<Thread> {
        @Override
        public Thread run() {
            return new Thread(Root.GROUP, task, name, 0, false); // no inheritable thread-locals of the creator's
        }
    }
}
