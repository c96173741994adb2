package dev.resilience.agent.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Checks merge keys ({@code <<}) while the parser's events go by, before the composer sees them: a
 * merge key given twice in one mapping (the composer merges both silently, the first winning, which
 * would hide the second from the check on repeated keys), and a merge key whose value is not a
 * mapping, an alias of one or a list of them (the composer refuses it only once every event is read,
 * positioned past the end of the file). Only what is certain is reported here: a scalar, an alias of
 * one, or a list holding either. One per document; not thread-safe.
 */
final class MergeKeys {
    /** What a node event is, as far as merge keys go. */
    enum Verdict { FINE, SECOND_MERGE_KEY, NOT_A_MAPPING }

    private static final int MAPPING = 0;
    private static final int NEXT_IS_KEY = 1;
    private static final int MERGE_KEYS = 2;
    /** In a mapping: the next node is a merge key's value; in a list: the list is that value. */
    private static final int MERGING = 3;

    /** Per open collection: {1 for a mapping, 1 while its next node is a key, merge keys seen, merging}. */
    private final Deque<int[]> open = new ArrayDeque<>();
    /**
     * Anchors whose latest node is a scalar: what an alias after {@code <<} may not name. An alias of a
     * list is left to the composer, which merges a list of mappings (review).
     */
    private final Set<Anchor> scalarAnchors = new HashSet<>();
    private boolean nextListMerges;

    /** Takes the next node event (a scalar, an alias, or the start of a collection). */
    Verdict node(Event event) {
        remember(event);
        int[] parent = open.peek();
        if (parent == null) {
            return Verdict.FINE;
        }
        if (parent[MAPPING] == 0) {
            return parent[MERGING] == 1 && !isMapping(event) ? Verdict.NOT_A_MAPPING : Verdict.FINE;
        }
        boolean key = parent[NEXT_IS_KEY] == 1;
        parent[NEXT_IS_KEY] = key ? 0 : 1;
        if (!key) {
            boolean merging = parent[MERGING] == 1;
            parent[MERGING] = 0;
            if (merging && event.getEventId() == Event.ID.SequenceStart) {
                nextListMerges = true;
                return Verdict.FINE;
            }
            return merging && !isMapping(event) ? Verdict.NOT_A_MAPPING : Verdict.FINE;
        }
        // `!!str <<` is a key like any other (review): only an untagged plain << merges
        if (event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getTag().isEmpty()
                && scalar.getValue().equals("<<")) {
            parent[MERGING] = 1;
            return ++parent[MERGE_KEYS] == 2 ? Verdict.SECOND_MERGE_KEY : Verdict.FINE;
        }
        return Verdict.FINE;
    }

    /** A collection starts (after {@link #node} took it as a node of its parent). */
    void start(boolean mapping) {
        open.push(new int[] {mapping ? 1 : 0, 1, 0, !mapping && nextListMerges ? 1 : 0});
        nextListMerges = false;
    }

    /** The innermost collection ends. */
    void end() {
        open.pop();
    }

    private void remember(Event event) {
        if (event instanceof NodeEvent node && !(event instanceof AliasEvent) && node.getAnchor().isPresent()) {
            // an anchor given again names the latest node
            if (event.getEventId() == Event.ID.Scalar) {
                scalarAnchors.add(node.getAnchor().get());
            } else {
                scalarAnchors.remove(node.getAnchor().get());
            }
        }
    }

    /** An alias of a list, or of an anchor not defined yet, is the composer's to judge. */
    private boolean isMapping(Event event) {
        return event.getEventId() == Event.ID.MappingStart
                || event instanceof AliasEvent alias && !scalarAnchors.contains(alias.getAlias());
    }
}
