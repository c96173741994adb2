package dev.resilience.agent.metrics;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds meters to the application's own Micrometer: {@code io.micrometer.core.instrument.Metrics.globalRegistry}
 * as the application's class loader defines it (not the agent's relocated copy), so a Spring Boot
 * {@code /actuator/prometheus} or any registry the application adds to the global one shows them.
 *
 * <p>Only public, long-stable Micrometer API is called, by reflection: {@code FunctionCounter.builder},
 * {@code Gauge.builder}, {@code FunctionTimer.builder}, their {@code description}, {@code tags(String...)}
 * and {@code register}. The meters read the agent's counters through {@code java.util.function}
 * interfaces, the only types both sides share. The application's classes are held weakly, so an
 * undeployed application is not kept alive by the agent. Thread-safe.
 */
final class AppMicrometerSink implements MeterSink {
    private static final String PACKAGE = ClassLoadWatcher.MICROMETER;
    private static final String METRICS = ClassLoadWatcher.METRICS;

    private final WeakReference<Class<?>> metrics;
    private final String description;
    private final BooleanSupplier mixedBreakerScopes;

    private AppMicrometerSink(Class<?> metrics, BooleanSupplier mixedBreakerScopes) {
        this.metrics = new WeakReference<>(metrics);
        this.mixedBreakerScopes = mixedBreakerScopes;
        ClassLoader loader = metrics.getClassLoader();
        this.description = "the application's Micrometer global registry (" + (loader == null ? "bootstrap" : loader) + ")";
    }

    /**
     * Finds the application's {@code Metrics} class in {@code loader} and initializes it (the
     * application is loading it at this moment anyway).
     *
     * @throws ReflectiveOperationException when it is not there or not the Micrometer API expected
     */
    static AppMicrometerSink connect(ClassLoader loader, BooleanSupplier mixedBreakerScopes) throws ReflectiveOperationException {
        Class<?> metrics = Class.forName(METRICS, true, loader);
        if (metrics.getField("globalRegistry").get(null) == null) {
            throw new ReflectiveOperationException(METRICS + ".globalRegistry is null");
        }
        return new AppMicrometerSink(metrics, mixedBreakerScopes);
    }

    @Override
    public boolean bind(MeterDef meter) throws ReflectiveOperationException {
        Class<?> metricsClass = metrics.get();
        if (metricsClass == null) {
            return false;
        }
        ClassLoader loader = metricsClass.getClassLoader();
        Object registry = metricsClass.getField("globalRegistry").get(null);
        Object builder = switch (meter.kind()) {
            case COUNTER -> type(loader, "FunctionCounter")
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class)
                    .invoke(null, meter.name(), meter, (ToDoubleFunction<MeterDef>) MeterDef::value);
            case GAUGE -> type(loader, "Gauge")
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class)
                    .invoke(null, meter.name(), meter, (ToDoubleFunction<MeterDef>) MeterDef::value);
            case TIMER -> type(loader, "FunctionTimer")
                    .getMethod("builder", String.class, Object.class, ToLongFunction.class, ToDoubleFunction.class,
                            TimeUnit.class)
                    .invoke(null, meter.name(), meter, (ToLongFunction<MeterDef>) MeterDef::count,
                            (ToDoubleFunction<MeterDef>) MeterDef::totalNanos, TimeUnit.NANOSECONDS);
        };
        builder = call(builder, "description", String.class, meter.description());
        builder = call(builder, "tags", String[].class, tags(meter));
        call(builder, "register", type(loader, "MeterRegistry"), registry);
        return true;
    }

    /**
     * The meter's tags; when the policy has breakers of both scopes, a whole-rule breaker's meters also
     * get an empty {@code method} tag: the application's registry is often Prometheus's (Spring
     * Boot's), which refuses meters of one name with different tag keys. (The agent's own endpoint
     * needs no such padding.)
     */
    private String[] tags(MeterDef meter) {
        String[] tags = meter.tags();
        boolean breaker = meter.name().equals(MeterNames.BREAKER_STATE) || meter.name().equals(MeterNames.BREAKER_TRANSITIONS);
        if (!breaker || !mixedBreakerScopes.getAsBoolean() || Arrays.asList(tags).contains(MeterNames.METHOD)) {
            return tags;
        }
        String[] padded = Arrays.copyOf(tags, tags.length + 2);
        padded[tags.length] = MeterNames.METHOD;
        padded[tags.length + 1] = MeterNames.WHOLE_RULE;
        return padded;
    }

    private static Class<?> type(ClassLoader loader, String simpleName) throws ClassNotFoundException {
        return Class.forName(PACKAGE + ".core.instrument." + simpleName, false, loader);
    }

    private static Object call(Object target, String name, Class<?> parameterType, Object argument)
            throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(name, parameterType);
        return method.invoke(target, argument);
    }

    @Override
    public String describe() {
        return description;
    }
}
