package dev.resilience.agent.metrics;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Watches class loading, changing nothing, for the two classes that tell the agent where its meters
 * are wanted: the application's Micrometer {@code Metrics}, and the JDK's MBean server implementation,
 * which loads when the JVM creates an MBean server (the platform one, as a rule: JMX is in use).
 * Costs one string comparison per class load; the work it triggers runs on the metrics thread,
 * after the class is defined. Never throws. Thread-safe.
 */
final class ClassLoadWatcher implements ClassFileTransformer {
    /**
     * The application's Micrometer package, assembled at run time: the shade plugin rewrites
     * string constants that name a relocated package, and this one must stay unrelocated.
     */
    static final String MICROMETER = String.join(".", "io", "micrometer");
    /** The application's Micrometer entry point. */
    static final String METRICS = MICROMETER + ".core.instrument.Metrics";
    /**
     * Loaded when an MBean server is created, not when the application only reads the JVM's
     * MXBeans ({@code ManagementFactory.getThreadMXBean()} and the like), which many libraries do
     * and which creates no server, nor when it only looks for a server
     * ({@code MBeanServerFactory.findMBeanServer}), which loads {@code MBeanServerFactory} (audit:
     * the agent watched that class, and created the platform server for a mere probe).
     */
    static final String MBEAN_SERVER = "com.sun.jmx.mbeanserver.JmxMBeanServer";
    private static final String METRICS_INTERNAL = METRICS.replace('.', '/');
    private static final String MBEAN_SERVER_INTERNAL = MBEAN_SERVER.replace('.', '/');

    private final Interest interest;

    /** Who is told; called on the thread loading the class, so it must be quick and must not block. */
    interface Interest {
        /** The application's Micrometer {@code Metrics} class is being defined by {@code loader}. */
        void micrometerLoaded(ClassLoader loader);

        /** The MBean server implementation is being loaded: an MBean server is being created. */
        void mbeanServerCreated();
    }

    ClassLoadWatcher(Interest interest) {
        this.interest = interest;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            if (classBeingRedefined == null && internalName != null) {
                if (internalName.equals(METRICS_INTERNAL)) {
                    interest.micrometerLoaded(loader);
                } else if (internalName.equals(MBEAN_SERVER_INTERNAL)) {
                    interest.mbeanServerCreated();
                }
            }
        } catch (Throwable ignored) {
            // a watcher must never disturb class loading
        }
        return null;
    }

    /** Reports the watched classes among those loaded before the watcher was added. */
    void alreadyLoaded(Class<?>[] classes) {
        for (Class<?> loaded : classes) {
            String name = loaded.getName();
            if (name.equals(METRICS)) {
                interest.micrometerLoaded(loaded.getClassLoader());
            } else if (name.equals(MBEAN_SERVER)) {
                interest.mbeanServerCreated();
            }
        }
    }
}
