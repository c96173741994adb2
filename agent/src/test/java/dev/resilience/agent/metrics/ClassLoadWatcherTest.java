package dev.resilience.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassLoadWatcherTest {
    private final List<ClassLoader> micrometer = new ArrayList<>();
    private final List<String> mbeanServers = new ArrayList<>();
    private final ClassLoadWatcher watcher = new ClassLoadWatcher(new ClassLoadWatcher.Interest() {
        @Override
        public void micrometerLoaded(ClassLoader loader) {
            micrometer.add(loader);
        }

        @Override
        public void mbeanServerCreated() {
            mbeanServers.add("created");
        }
    });
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void reportsTheApplicationsMicrometerMetricsClassWithItsLoader() {
        watcher.transform(loader, "io/micrometer/core/instrument/Metrics", null, null, new byte[0]);

        assertThat(micrometer).containsExactly(loader);
    }

    @Test
    void reportsTheCreationOfAnMBeanServer() {
        watcher.transform(null, "com/sun/jmx/mbeanserver/JmxMBeanServer", null, null, new byte[0]);

        assertThat(mbeanServers).hasSize(1);
    }

    /** Audit: the agent watched MBeanServerFactory, and created the platform server for a mere probe. */
    @Test
    void lookingForAnMBeanServerIsNotCreatingOne() {
        // MBeanServerFactory.findMBeanServer(null) loads the factory, and creates no server
        watcher.transform(null, "javax/management/MBeanServerFactory", null, null, new byte[0]);

        assertThat(mbeanServers).isEmpty();
    }

    @Test
    void readingTheJvmsMXBeansIsNotUsingJmx() {
        // ManagementFactory.getThreadMXBean() and the like create no MBean server: the agent must not create one either
        watcher.transform(null, "java/lang/management/ManagementFactory", null, null, new byte[0]);

        assertThat(mbeanServers).isEmpty();
    }

    @Test
    void ignoresEverythingElseAndChangesNothing() {
        assertThat(watcher.transform(loader, "io/micrometer/core/instrument/MetricsX", null, null, new byte[0])).isNull();
        assertThat(watcher.transform(loader, "com/example/Metrics", null, null, new byte[0])).isNull();
        assertThat(watcher.transform(loader, null, null, null, new byte[0])).isNull();

        assertThat(micrometer).isEmpty();
        assertThat(mbeanServers).isEmpty();
    }

    @Test
    void findsTheWatchedClassesAmongThoseLoadedBeforeIt() throws ClassNotFoundException {
        watcher.alreadyLoaded(new Class<?>[] {String.class, java.lang.management.ManagementFactory.class,
                javax.management.MBeanServerFactory.class, Class.forName("com.sun.jmx.mbeanserver.JmxMBeanServer"),
                io.micrometer.core.instrument.Metrics.class});

        assertThat(mbeanServers).hasSize(1);
        assertThat(micrometer).containsExactly(io.micrometer.core.instrument.Metrics.class.getClassLoader());
    }

    @Test
    void neverThrowsIntoClassLoading() {
        ClassLoadWatcher failing = new ClassLoadWatcher(new ClassLoadWatcher.Interest() {
            @Override
            public void micrometerLoaded(ClassLoader loader) {
                throw new IllegalStateException("bug");
            }

            @Override
            public void mbeanServerCreated() {
            }
        });

        assertThat(failing.transform(loader, "io/micrometer/core/instrument/Metrics", null, null, new byte[0])).isNull();
    }
}
