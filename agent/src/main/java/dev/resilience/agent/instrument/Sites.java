package dev.resilience.agent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every instrumented method of this JVM, by id. Ids are never reused, so a retransformed class
 * simply gets new sites. Reads are a plain array access; registration copies the array.
 * Thread-safe.
 */
public final class Sites {
    private static volatile Site[] sites = new Site[64];
    private static int count;
    /** {@link #count}, for readers outside the lock (a hand-off body's pass-through mark). */
    private static volatile int registered;

    private Sites() {
    }

    public static Site get(int id) {
        return sites[id];
    }

    /** Registers a site built by the factory with the next id. */
    public static synchronized Site register(java.util.function.IntFunction<Site> factory) {
        int id = count++;
        Site[] current = sites;
        if (id >= current.length) {
            current = Arrays.copyOf(current, current.length * 2);
        }
        Site site = factory.apply(id);
        current[id] = site;
        sites = current;
        registered = count;
        return site;
    }

    /** How many sites have been registered: every id below it names one. */
    static int registered() {
        return registered;
    }

    /**
     * Puts {@code site} in place of the site with the same id (a method whose advice kind changed
     * on retransformation keeps its id). Code still running the old advice finds the new object.
     */
    static synchronized Site replace(int id, Site site) {
        if (id < 0 || id >= count || site.id() != id) {
            throw new IllegalArgumentException("no site " + id + " to replace");
        }
        Site[] copy = sites.clone();
        copy[id] = site;
        sites = copy;
        return site;
    }

    /** A snapshot of all sites registered so far. */
    public static synchronized List<Site> all() {
        List<Site> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(sites[i]);
        }
        return list;
    }
}
