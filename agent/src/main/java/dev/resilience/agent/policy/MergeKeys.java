package dev.resilience.agent.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Finds a merge key ({@code <<}) given twice in one mapping, while the parser's events go by: the
 * composer merges both silently (the first wins), which would hide the second from the check on
 * repeated keys. One per document; not thread-safe.
 */
final class MergeKeys {
    /** Per open collection: {1 for a mapping, 1 while its next node is a key, merge keys seen}. */
    private final Deque<int[]> open = new ArrayDeque<>();

    /**
     * Takes the next node event (a scalar, an alias, or the start of a collection).
     *
     * @return true when it is a second merge key of the mapping it is in
     */
    boolean node(Event event) {
        int[] mapping = open.peek();
        if (mapping == null || mapping[0] == 0) {
            return false;
        }
        boolean key = mapping[1] == 1;
        mapping[1] = key ? 0 : 1;
        return key && event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().equals("<<")
                && ++mapping[2] == 2;
    }

    /** A collection starts (after {@link #node} took it as a node of its parent). */
    void start(boolean mapping) {
        open.push(new int[] {mapping ? 1 : 0, 1, 0});
    }

    /** The innermost collection ends. */
    void end() {
        open.pop();
    }
}
