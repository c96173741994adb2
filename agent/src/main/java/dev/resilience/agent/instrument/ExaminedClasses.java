package dev.resilience.agent.instrument;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The classes a rule selected that the transformer read to the end and left as they were (no
 * method of theirs matched, or their loader cannot see the agent). With {@link InstrumentedClasses}
 * it tells a class the transformer decided about from one it never finished: a class first loaded
 * on a stack too deep to run the transformer loads untouched, and {@link MissedClasses} finds it
 * by being in neither. Keyed by defining loader (held weakly) and class name. Thread-safe.
 */
final class ExaminedClasses {
    private final Map<ClassLoader, Set<String>> byLoader = new WeakHashMap<>();
    private final Set<String> boot = new HashSet<>();

    synchronized void add(ClassLoader loader, String className) {
        if (loader == null) {
            boot.add(className);
            return;
        }
        Set<String> names = byLoader.get(loader);
        if (names == null) {
            names = new HashSet<>();
            byLoader.put(loader, names);
        }
        names.add(className);
    }

    synchronized boolean contains(ClassLoader loader, String className) {
        Set<String> names = loader == null ? boot : byLoader.getOrDefault(loader, Collections.emptySet());
        return names.contains(className);
    }
}
