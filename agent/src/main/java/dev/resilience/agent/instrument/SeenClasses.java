package dev.resilience.agent.instrument;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The classes the agent has decided about and left as they were, each with the policy it decided
 * under: the transformer read them to the end (as they loaded, or when retransformed) and no rule
 * changed them, a policy switch found that no rule of the new policy may select them, or a sweep
 * for missed classes did. With {@link InstrumentedClasses} it tells a class the agent decided about
 * from one it never finished with: a class first loaded on a stack too deep to run the transformer
 * loads untouched, and {@link MissedClasses} finds it by being in neither record, or in this one
 * under an earlier policy (a class decided under the old policy while a switch ran, and defined
 * after the switch's scan of loaded classes). Names are kept as 56-bit hashes beside the low 8 bits
 * of the policy's number, 16 to 32 bytes a class rather than about 130 for a set of names (every
 * class of the application is recorded); two names of one loader sharing a hash is about a
 * one-in-10^7 chance at 50,000 classes. Keyed by defining loader, held weakly. Thread-safe.
 */
final class SeenClasses {
    private static final long GENERATION_BITS = 0xFF;

    private final Map<ClassLoader, Hashes> byLoader = new WeakHashMap<>();
    private final Hashes boot = new Hashes();

    /** Records (or moves to this policy) a class decided under the policy of this number. */
    synchronized void add(ClassLoader loader, String className, int generation) {
        Hashes hashes = loader == null ? boot : byLoader.get(loader);
        if (hashes == null) {
            hashes = new Hashes();
            byLoader.put(loader, hashes);
        }
        hashes.put(key(className), generation & GENERATION_BITS);
    }

    /** Whether the class was decided under the policy of this number (the one in force, for a sweep). */
    synchronized boolean decidedUnder(ClassLoader loader, String className, int generation) {
        Hashes hashes = loader == null ? boot : byLoader.get(loader);
        return hashes != null && hashes.get(key(className)) == (generation & GENERATION_BITS);
    }

    /**
     * The name's own hash code in the high half, an FNV-1a hash of its characters below it, the low
     * 8 bits clear for the policy's number; never 0, which marks an empty slot.
     */
    static long key(String name) {
        int fnv = 0x811c9dc5;
        for (int i = 0; i < name.length(); i++) {
            fnv = (fnv ^ name.charAt(i)) * 0x01000193;
        }
        long key = (((long) name.hashCode() << 32) | (fnv & 0xffffffffL)) & ~GENERATION_BITS;
        return key == 0 ? GENERATION_BITS + 1 : key;
    }

    /** Keys with a value of 8 bits in their low bits: open addressing, linear probing, at most half full. */
    static final class Hashes {
        private long[] slots = new long[16];
        private int size;

        /** Sets the value of a key (its low 8 bits clear). */
        void put(long key, long value) {
            long[] s = slots;
            int i = index(key, s.length);
            for (; s[i] != 0; i = (i + 1) & (s.length - 1)) {
                if ((s[i] & ~GENERATION_BITS) == key) {
                    s[i] = key | value;
                    return;
                }
            }
            s[i] = key | value;
            if (++size * 2 > s.length) {
                long[] grown = new long[s.length * 2];
                for (long slot : s) {
                    if (slot != 0) {
                        int j = index(slot & ~GENERATION_BITS, grown.length);
                        while (grown[j] != 0) {
                            j = (j + 1) & (grown.length - 1);
                        }
                        grown[j] = slot;
                    }
                }
                slots = grown;
            }
        }

        /** The key's value, or -1 when it has none. */
        long get(long key) {
            long[] s = slots;
            for (int i = index(key, s.length); s[i] != 0; i = (i + 1) & (s.length - 1)) {
                if ((s[i] & ~GENERATION_BITS) == key) {
                    return s[i] & GENERATION_BITS;
                }
            }
            return -1;
        }

        int size() {
            return size;
        }

        int capacity() {
            return slots.length;
        }

        private static int index(long key, int length) {
            long mixed = key * 0x9E3779B97F4A7C15L;
            return (int) (mixed >>> 32) & (length - 1);
        }
    }
}
