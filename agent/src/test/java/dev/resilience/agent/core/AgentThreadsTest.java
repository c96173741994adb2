package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class AgentThreadsTest {
    /** Regression audit: an agent thread made from a web application's thread kept that application's loader. */
    @Test
    void aThreadStartsFromTheSystemLoaderWhateverItsCreatorsLoader() throws Exception {
        Thread creator = Thread.currentThread();
        ClassLoader own = creator.getContextClassLoader();
        try (URLClassLoader webapp = new URLClassLoader("webapp", new URL[0], own)) {
            creator.setContextClassLoader(webapp);

            Thread made = AgentThreads.daemon(() -> { }, "test-thread");

            assertThat(made.getContextClassLoader()).isSameAs(ClassLoader.getSystemClassLoader());
            assertThat(made.isDaemon()).isTrue();
            assertThat(made.getName()).isEqualTo("test-thread");
        } finally {
            creator.setContextClassLoader(own);
        }
    }
}
