package dev.resilience.agent.metrics;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.Consumer;

/**
 * Watches class loading, changing nothing, for the two classes that tell the agent where its meters
 * are wanted: the application's Micrometer {@code Metrics} and the JDK's {@code ManagementFactory}.
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
    static final String MANAGEMENT_FACTORY = "java.lang.management.ManagementFactory";
    private static final String METRICS_INTERNAL = METRICS.replace('.', '/');
    private static final String MANAGEMENT_FACTORY_INTERNAL = MANAGEMENT_FACTORY.replace('.', '/');

    private final Consumer<ClassLoader> micrometerLoaded;
    private final Runnable managementLoaded;

    /**
     * @param micrometerLoaded told the defining loader when the application's Micrometer Metrics class loads
     * @param managementLoaded told when ManagementFactory loads
     */
    ClassLoadWatcher(Consumer<ClassLoader> micrometerLoaded, Runnable managementLoaded) {
        this.micrometerLoaded = micrometerLoaded;
        this.managementLoaded = managementLoaded;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            if (classBeingRedefined == null && internalName != null) {
                if (internalName.equals(METRICS_INTERNAL)) {
                    micrometerLoaded.accept(loader);
                } else if (internalName.equals(MANAGEMENT_FACTORY_INTERNAL)) {
                    managementLoaded.run();
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
                micrometerLoaded.accept(loaded.getClassLoader());
            } else if (name.equals(MANAGEMENT_FACTORY)) {
                managementLoaded.run();
            }
        }
    }
}
