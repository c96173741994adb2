package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class AgentThreadsTest {
    private static final InheritableThreadLocal<Object> INHERITED = new InheritableThreadLocal<>();

    /**
     * Regression audit and review: an agent thread made from a web application's thread kept that
     * application's loader, as context loader or through an inheritable thread-local, and its priority.
     */
    @Test
    void aThreadStartsFromTheSystemLoaderWhateverItsCreatorsLoader() throws Exception {
        Thread creator = Thread.currentThread();
        ClassLoader own = creator.getContextClassLoader();
        int priority = creator.getPriority();
        try (URLClassLoader webapp = new URLClassLoader("webapp", new URL[0], own)) {
            creator.setContextClassLoader(webapp);
            creator.setPriority(Thread.MIN_PRIORITY);
            INHERITED.set(webapp);
            Object[] seen = new Object[1];

            Thread made = AgentThreads.daemon(() -> seen[0] = INHERITED.get(), "test-thread");
            made.start();
            made.join();

            assertThat(seen[0]).as("the creator's inheritable thread-local").isNull();
            assertThat(made.getPriority()).isEqualTo(Thread.NORM_PRIORITY);
            assertThat(made.getContextClassLoader()).isSameAs(ClassLoader.getSystemClassLoader());
            assertThat(made.isDaemon()).isTrue();
            assertThat(made.getName()).isEqualTo("test-thread");
        } finally {
            INHERITED.remove();
            creator.setPriority(priority);
            creator.setContextClassLoader(own);
        }
    }

    /**
     * Audit (virtual threads): an agent thread made from a virtual thread went into the
     * "VirtualThreads" group, a platform thread filed under it in thread dumps. Any creator's group
     * would do the same: the thread goes into the JVM's root group instead.
     */
    @Test
    void aThreadGoesIntoTheRootGroupWhateverItsCreatorsGroup() throws Exception {
        ThreadGroup application = new ThreadGroup("application");
        Thread[] made = new Thread[1];
        Thread creator = new Thread(application, () -> made[0] = AgentThreads.daemon(() -> { }, "test-thread"), "creator");
        creator.start();
        creator.join();

        ThreadGroup group = made[0].getThreadGroup();
        assertThat(group).isNotSameAs(application);
        assertThat(group.getParent()).as("the root group").isNull();
    }
}
