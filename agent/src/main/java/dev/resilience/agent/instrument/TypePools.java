package dev.resilience.agent.instrument;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Byte Buddy {@link TypePool}s the instrumenter describes classes with: one shared pool per
 * class loader, so the types every instrumented class refers to ({@code java.lang.String}, its
 * parameter and exception types, their supertypes) are read and parsed once per loader instead
 * of once per instrumented class, wrapped per class in a small pool that describes the class being
 * transformed from the bytes the JVM handed over. Thread-safe.
 *
 * <p>Why this is safe:
 * <ul>
 *   <li>The shared pool only remembers types it found ({@link ResolvedOnly}): a type its loader
 *       cannot find yet (defined later, or by a loader that gains entries) is looked up again next
 *       time, never answered from a stale "not found".</li>
 *   <li>The class being transformed never comes from the shared pool ({@link AllBut}): its bytes
 *       may differ from the loader's resource (another agent transformed it first, a
 *       retransformation), and the shared pool never sees those bytes, so no later class is
 *       described against them.</li>
 *   <li>Loaders are keys of a weak map, and nothing a shared pool holds refers to its loader
 *       strongly ({@link ClassFileLocator.ForClassLoader.WeaklyReferenced}; the descriptions it
 *       caches refer to the pool only), so a discarded loader can still be collected.</li>
 * </ul>
 */
final class TypePools {
    private static final TypePool BOOT = shared(ClassFileLocator.ForClassLoader.ofBootLoader());
    private static final Map<ClassLoader, TypePool> BY_LOADER = Collections.synchronizedMap(new WeakHashMap<>());

    private TypePools() {
    }

    /**
     * A pool for transforming {@code className}: describes it from {@code bytes}, and every other
     * type through the shared pool of {@code loader} ({@code null}: the bootstrap loader).
     */
    static TypePool forClass(ClassLoader loader, String className, byte[] bytes) {
        return new TypePool.Default(new TypePool.CacheProvider.Simple(), ClassFileLocator.Simple.of(className, bytes),
                TypePool.Default.ReaderMode.FAST, new AllBut(className, sharedFor(loader)));
    }

    private static TypePool sharedFor(ClassLoader loader) {
        if (loader == null) {
            return BOOT;
        }
        // get-then-put under the map's lock rather than computeIfAbsent with a lambda: this runs as the
        // first class is instrumented, often during start-up, where spinning a lambda class costs (issue 8)
        synchronized (BY_LOADER) {
            TypePool pool = BY_LOADER.get(loader);
            if (pool == null) {
                pool = shared(ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
                BY_LOADER.put(loader, pool);
            }
            return pool;
        }
    }

    private static TypePool shared(ClassFileLocator locator) {
        return new TypePool.Default(new ResolvedOnly(), locator, TypePool.Default.ReaderMode.FAST);
    }

    /** A cache that keeps found types only, so "not found" is never served from it. */
    static final class ResolvedOnly implements TypePool.CacheProvider {
        private final Map<String, TypePool.Resolution> found = new ConcurrentHashMap<>();

        @Override
        public TypePool.Resolution find(String name) {
            return found.get(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            if (!resolution.isResolved()) {
                return resolution;
            }
            TypePool.Resolution earlier = found.putIfAbsent(name, resolution);
            return earlier != null ? earlier : resolution;
        }

        @Override
        public void clear() {
            found.clear();
        }
    }

    /**
     * A parent pool that knows every type but one: Byte Buddy asks the parent first, so the
     * child then describes that one type from its own bytes.
     */
    static final class AllBut implements TypePool {
        private final String excluded;
        private final TypePool pool;

        AllBut(String excluded, TypePool pool) {
            this.excluded = excluded;
            this.pool = pool;
        }

        @Override
        public Resolution describe(String name) {
            return name.equals(excluded) ? new Resolution.Illegal(name) : pool.describe(name);
        }

        @Override
        public void clear() {
            // the shared pool outlives this wrapper: nothing of it is cleared from here
        }
    }
}
