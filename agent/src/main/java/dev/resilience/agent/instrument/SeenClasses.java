package dev.resilience.agent.instrument;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The classes the agent has decided about and left as they were: the transformer read them to the
 * end (as they loaded, or when retransformed) and no rule changed them, or a sweep for missed
 * classes found that no rule may select them. With {@link InstrumentedClasses} it tells a class the
 * agent decided about from one it never finished with: a class first loaded on a stack too deep to
 * run the transformer loads untouched, and {@link MissedClasses} finds it by being in neither. A
 * later policy switch decides again for every loaded class itself, so a record holds across
 * policies. Names are kept as 64-bit hashes, 16 bytes a class rather than about 130 for a set of
 * names (every class of the application is recorded); two names of one loader sharing a hash is
 * about a one-in-10^10 chance at 50,000 classes. Keyed by defining loader, held weakly.
 * Thread-safe.
 */
final class SeenClasses {
    private final Map<ClassLoader, Hashes> byLoader = new WeakHashMap<>();
    private final Hashes boot = new Hashes();

    synchronized void add(ClassLoader loader, String className) {
        Hashes hashes = loader == null ? boot : byLoader.get(loader);
        if (hashes == null) {
            hashes = new Hashes();
            byLoader.put(loader, hashes);
        }
        hashes.add(key(className));
    }

    synchronized boolean contains(ClassLoader loader, String className) {
        Hashes hashes = loader == null ? boot : byLoader.get(loader);
        return hashes != null && hashes.contains(key(className));
    }

    /** The name's own hash code in the high half, an FNV-1a hash of its characters in the low; never 0. */
    static long key(String name) {
        int fnv = 0x811c9dc5;
        for (int i = 0; i < name.length(); i++) {
            fnv = (fnv ^ name.charAt(i)) * 0x01000193;
        }
        long key = ((long) name.hashCode() << 32) | (fnv & 0xffffffffL);
        return key == 0 ? 1 : key; // 0 marks an empty slot
    }

    /** A set of non-zero longs: open addressing, linear probing, at most half full. */
    static final class Hashes {
        private long[] slots = new long[16];
        private int size;

        void add(long key) {
            if (insert(slots, key)) {
                size++;
                if (size * 2 > slots.length) {
                    long[] grown = new long[slots.length * 2];
                    for (long k : slots) {
                        if (k != 0) {
                            insert(grown, k);
                        }
                    }
                    slots = grown;
                }
            }
        }

        boolean contains(long key) {
            long[] s = slots;
            for (int i = index(key, s.length); s[i] != 0; i = (i + 1) & (s.length - 1)) {
                if (s[i] == key) {
                    return true;
                }
            }
            return false;
        }

        int size() {
            return size;
        }

        private static boolean insert(long[] s, long key) {
            int i = index(key, s.length);
            for (; s[i] != 0; i = (i + 1) & (s.length - 1)) {
                if (s[i] == key) {
                    return false;
                }
            }
            s[i] = key;
            return true;
        }

        private static int index(long key, int length) {
            long mixed = key * 0x9E3779B97F4A7C15L;
            return (int) (mixed >>> 32) & (length - 1);
        }
    }
}
