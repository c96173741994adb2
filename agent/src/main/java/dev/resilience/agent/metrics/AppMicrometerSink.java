package dev.resilience.agent.metrics;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /**
     * Set for good once breaker meters of both scopes are bound here (the policy in force mixes them,
     * or a reload changed a rule's scope): every whole-rule breaker meter carries an empty method tag
     * from then on. Guarded by the publisher's lock, as every call of {@link #bind}.
     */
    private boolean padded;
    private boolean methodTagged;
    /**
     * Whole-rule breaker meters bound without the padding, with the Micrometer meter, held weakly (it
     * is the application's, and an undeployed application's loader must not stay reachable through
     * the agent; its registry holds the meter while it matters): re-bound padded when padding starts.
     */
    private final List<Unpadded> unpadded = new ArrayList<>();

    private record Unpadded(MeterDef meter, WeakReference<Object> registered) { }

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
        if (!isBreakerMeter(meter)) {
            register(loader, registry, meter, meter.tags());
            return true;
        }
        boolean tagged = Arrays.asList(meter.tags()).contains(MeterNames.METHOD);
        methodTagged |= tagged;
        if (!padded && (mixedBreakerScopes.getAsBoolean() || methodTagged && (!tagged || !unpadded.isEmpty()))) {
            padBound(loader, registry);
            padded = true;
        }
        Object registered = register(loader, registry, meter, padded ? tags(meter) : meter.tags());
        if (!padded && !tagged) {
            unpadded.add(new Unpadded(meter, new WeakReference<>(registered)));
        }
        return true;
    }

    /**
     * Breaker meters of both scopes just met (a reload changed a rule's scope): the whole-rule ones
     * bound so far leave the registry and come back with the empty method tag, or the registry would
     * refuse every method-scoped one (audit: a rule whose scope a reload changed showed no live state
     * in the application's registry until a restart).
     */
    private void padBound(ClassLoader loader, Object registry) throws ReflectiveOperationException {
        Method remove = registry.getClass().getMethod("remove", type(loader, "Meter"));
        List<Unpadded> bound = new ArrayList<>(unpadded);
        unpadded.clear(); // whatever fails below, these are not taken out again
        // all out before any comes back: a Prometheus registry may drop a name's other series with its last meter
        for (Unpadded meter : bound) {
            Object registered = meter.registered().get();
            if (registered != null) {
                remove.invoke(registry, registered);
            }
        }
        for (Unpadded meter : bound) {
            register(loader, registry, meter.meter(), tags(meter.meter()));
        }
    }

    private static boolean isBreakerMeter(MeterDef meter) {
        return meter.name().equals(MeterNames.BREAKER_STATE) || meter.name().equals(MeterNames.BREAKER_TRANSITIONS);
    }

    /** @return the Micrometer meter */
    private static Object register(ClassLoader loader, Object registry, MeterDef meter, String[] tags)
            throws ReflectiveOperationException {
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
        builder = call(builder, "tags", String[].class, tags);
        return call(builder, "register", type(loader, "MeterRegistry"), registry);
    }

    /**
     * A breaker meter's tags once breakers of both scopes are bound here: a whole-rule breaker's meters
     * also get an empty {@code method} tag, since the application's registry is often Prometheus's
     * (Spring Boot's), which refuses meters of one name with different tag keys (Prometheus reads an
     * empty label as absent). The agent's own endpoint needs no such padding.
     */
    private static String[] tags(MeterDef meter) {
        String[] tags = meter.tags();
        if (Arrays.asList(tags).contains(MeterNames.METHOD)) {
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
