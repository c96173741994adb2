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
    static final String MANAGEMENT_FACTORY = "java/lang/management/ManagementFactory";

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
                seen(loader, internalName);
            }
        } catch (Throwable ignored) {
            // a watcher must never disturb class loading
        }
        return null;
    }

    void seen(ClassLoader loader, String internalName) {
        if (internalName.equals(AppMicrometerSink.METRICS_INTERNAL_NAME)) {
            micrometerLoaded.accept(loader);
        } else if (internalName.equals(MANAGEMENT_FACTORY)) {
            managementLoaded.run();
        }
    }
}
