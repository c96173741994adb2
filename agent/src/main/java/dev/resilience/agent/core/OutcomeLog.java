package dev.resilience.agent.core;

/**
 * The failures and slow calls of one rate-breaker window, oldest first, each with its position
 * (how many outcomes the window had recorded when it was recorded, itself included). Plain
 * successes are not logged: the window only counts them, so the log holds what the rates need and
 * nothing else. Keeps running counts of the failures and slow calls it holds.
 *
 * <p>Not thread-safe: {@link RateBreaker} uses it under the window's lock. Positions must be
 * appended in strictly increasing order; then, after {@link #evictUpTo} has dropped everything at
 * or before {@code position - windowSize}, at most {@code windowSize - 1} entries remain, so the
 * ring never needs more than {@code windowSize} entries. It starts small and grows on demand,
 * because most windows never see more than a few failures and a window may be 100,000 calls long.
 */
final class OutcomeLog {
    static final int FAILED = 1;
    static final int SLOW = 2;

    private static final int FIRST_CAPACITY = 16;

    private final int windowSize;
    /** A ring of {@code position << 2 | code}, {@link #size} entries from {@link #head}. */
    private long[] entries = new long[0];
    private int head;
    private int size;
    private int failures;
    private int slow;

    OutcomeLog(int windowSize) {
        this.windowSize = windowSize;
    }

    /**
     * @param position strictly greater than that of the previous entry
     * @param code     {@link #FAILED}, {@link #SLOW} or both
     */
    void append(long position, int code) {
        if (size == entries.length) {
            grow();
        }
        entries[index(size)] = position << 2 | code;
        size++;
        failures += code & FAILED;
        slow += code >> 1;
    }

    /** Drops the entries whose position is at most {@code position}: they left the window. */
    void evictUpTo(long position) {
        while (size > 0 && entries[head] >> 2 <= position) {
            int code = (int) (entries[head] & 3);
            failures -= code & FAILED;
            slow -= code >> 1;
            head = index(1);
            size--;
        }
    }

    int failures() {
        return failures;
    }

    int slow() {
        return slow;
    }

    int size() {
        return size;
    }

    private int index(int offset) {
        int i = head + offset;
        return i < entries.length ? i : i - entries.length;
    }

    private void grow() {
        int capacity = Math.min(Math.max(FIRST_CAPACITY, entries.length * 2), windowSize);
        if (capacity <= size) {
            throw new IllegalStateException("more than " + windowSize + " entries: positions not increasing or not evicted");
        }
        long[] bigger = new long[capacity];
        for (int i = 0; i < size; i++) {
            bigger[i] = entries[index(i)];
        }
        entries = bigger;
        head = 0;
    }
}
