package dev.resilience.agent.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The classes the agent has changed, each with its original bytes (what retransformation starts
 * from, and what a reload plans against) and its current sites. Keyed by defining loader (held
 * weakly, so an undeployed application's classes go) and class name. Thread-safe.
 */
final class InstrumentedClasses {
    /** One instrumented class. Immutable; replaced as a whole when the class is re-instrumented. */
    record Entry(String className, byte[] original, List<Site> sites) {
        Entry {
            sites = List.copyOf(sites);
        }
    }

    private final Map<ClassLoader, Map<String, Entry>> byLoader = new WeakHashMap<>();
    private final Map<String, Entry> boot = new HashMap<>();

    synchronized Entry get(ClassLoader loader, String className) {
        return classes(loader, false).get(className);
    }

    /** Records a class's new sites; returns the new entry. */
    synchronized Entry put(ClassLoader loader, String className, byte[] original, List<Site> sites) {
        Entry entry = new Entry(className, original, sites);
        classes(loader, true).put(className, entry);
        return entry;
    }

    /**
     * Puts {@code previous} (null: nothing) back in place of {@code current}, unless the class's entry
     * is no longer {@code current}: someone retransformed the class since, and its entry is the true one.
     *
     * @return whether it was put back
     */
    synchronized boolean restore(ClassLoader loader, String className, Entry current, Entry previous) {
        Map<String, Entry> classes = classes(loader, previous != null);
        if (classes.get(className) != current) {
            return false;
        }
        if (previous == null) {
            classes.remove(className);
        } else {
            classes.put(className, previous);
        }
        return true;
    }

    /** Forgets a class (it is back to its original code); returns its entry, or null. */
    synchronized Entry remove(ClassLoader loader, String className) {
        return classes(loader, false).remove(className);
    }

    /** Every site of every class currently instrumented. */
    synchronized List<Site> liveSites() {
        List<Site> sites = new ArrayList<>();
        // Loops, not forEach(lambda): the start-up summary asks in premain (issue 8).
        for (Entry entry : boot.values()) {
            sites.addAll(entry.sites());
        }
        for (Map<String, Entry> classes : byLoader.values()) {
            for (Entry entry : classes.values()) {
                sites.addAll(entry.sites());
            }
        }
        return sites;
    }

    private Map<String, Entry> classes(ClassLoader loader, boolean create) {
        if (loader == null) {
            return boot;
        }
        Map<String, Entry> classes = byLoader.get(loader);
        if (classes == null) {
            if (!create) {
                return Collections.emptyMap();
            }
            classes = new HashMap<>();
            byLoader.put(loader, classes);
        }
        return classes;
    }
}
