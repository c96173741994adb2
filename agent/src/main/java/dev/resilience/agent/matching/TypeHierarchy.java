package dev.resilience.agent.matching;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is this class a subtype of that one" for {@code subtypeOf} without loading classes:
 * supertypes are read from class-file bytes found through the class's own loader (the only
 * loader the agent ever resolves policy names through), and cached per loader. Thread-safe.
 */
public final class TypeHierarchy {
    private static final Optional<ClassFile> MISSING = Optional.empty();
    /**
     * Finds resources of the bootstrap loader only: a class it loaded can only have supertypes it
     * loaded. The system class loader's resource lookup would also search the application class
     * path and could read another class of the same name there.
     */
    private static final ClassLoader BOOT_RESOURCES = new java.net.URLClassLoader(new java.net.URL[0], null);
    private final Map<ClassLoader, Map<String, Optional<ClassFile>>> cache = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, Optional<ClassFile>> bootCache = new ConcurrentHashMap<>();

    /** True when {@code type} (already parsed) extends or implements {@code target}, directly or not. */
    public boolean isSubtype(ClassLoader loader, ClassFile type, String target) {
        ArrayDeque<String> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        enqueueSupertypes(type, pending);
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (name.equals(target)) {
                return true;
            }
            if (!seen.add(name) || name.equals("java.lang.Object")) {
                continue;
            }
            lookup(loader, name).ifPresent(parent -> enqueueSupertypes(parent, pending));
        }
        return false;
    }

    private static void enqueueSupertypes(ClassFile type, ArrayDeque<String> pending) {
        if (type.superName() != null) {
            pending.add(type.superName());
        }
        pending.addAll(type.interfaces());
    }

    private Optional<ClassFile> lookup(ClassLoader loader, String name) {
        Map<String, Optional<ClassFile>> perLoader = loader == null
                ? bootCache
                : cache.computeIfAbsent(loader, key -> new ConcurrentHashMap<>());
        Optional<ClassFile> cached = perLoader.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<ClassFile> found = read(loader, name);
        perLoader.put(name, found);
        return found;
    }

    private static Optional<ClassFile> read(ClassLoader loader, String name) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = (loader == null ? BOOT_RESOURCES : loader).getResourceAsStream(resource)) {
            if (in == null) {
                return MISSING;
            }
            return Optional.of(ClassFile.parse(in.readAllBytes()));
        } catch (IOException | RuntimeException | LinkageError e) {
            // An unreadable supertype cannot be proven to match: treat it as unrelated. Loaders fail in odd
            // ways here (NoClassDefFoundError from a lazily loaded helper, ClassCircularityError when the
            // lookup itself loads a class that is being transformed).
            return MISSING;
        }
    }
}
