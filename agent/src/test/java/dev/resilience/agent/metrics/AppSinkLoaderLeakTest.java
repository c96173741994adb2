package dev.resilience.agent.metrics;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink into an application's Micrometer must not keep an undeployed application (its class loader) alive. */
class AppSinkLoaderLeakTest {
    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Review: the whole-rule breaker meters kept for padding held the application's meters strongly. */
    @Test
    void anUndeployedApplicationsLoaderCanBeCollected() throws Exception {
        URLClassLoader app = new URLClassLoader(new URL[] {jarOf(io.micrometer.core.instrument.Metrics.class),
                jarOf(io.micrometer.common.util.StringUtils.class), jarOf(io.micrometer.observation.Observation.class)},
                ClassLoader.getPlatformClassLoader());
        AppMicrometerSink sink = AppMicrometerSink.connect(app, () -> false);
        MeterDef whole = MeterDef.gauge(MeterNames.BREAKER_STATE, "state",
                new String[] {MeterNames.RULE, "svc", MeterNames.STATE, "CLOSED"}, () -> 1);
        assertThat(sink.bind(whole)).isTrue();
        WeakReference<ClassLoader> loader = new WeakReference<>(app);
        app.close();
        app = null;

        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(loader.get()).as("the application's loader, reachable only through the sink").isNull();
        assertThat(sink.describe()).isNotNull(); // the sink itself stays reachable until here, as the publisher keeps it
    }
}
