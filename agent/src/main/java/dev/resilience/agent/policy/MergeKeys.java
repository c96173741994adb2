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
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Checks merge keys ({@code <<}) while the parser's events go by, before the composer sees them: a
 * merge key given twice in one mapping (the composer merges both silently, the first winning, which
 * would hide the second from the check on repeated keys), and a merge key whose value is not a
 * mapping, an alias of one or a list of them (the composer refuses it only once every event is read,
 * positioned past the end of the file). One per document; not thread-safe.
 */
final class MergeKeys {
    /** What a node event is, as far as merge keys go. */
    enum Verdict { FINE, SECOND_MERGE_KEY, NOT_A_MAPPING }

    /** One open collection. */
    private static final class Level {
        final boolean mapping;
        /** The anchor the collection was given, or null. */
        final Anchor anchor;
        /** A list: whether it is a merge key's value. */
        final boolean mergeList;
        /** In a mapping: whether its next node is a key. */
        boolean nextIsKey = true;
        int mergeKeys;
        /** In a mapping: the next node is a merge key's value. */
        boolean merging;
        /** A list: whether every item so far is a mapping or an alias of one (what a merge key may alias). */
        boolean onlyMappings = true;

        Level(boolean mapping, Anchor anchor, boolean mergeList) {
            this.mapping = mapping;
            this.anchor = anchor;
            this.mergeList = mergeList;
        }
    }

    private final Deque<Level> open = new ArrayDeque<>();
    /**
     * Anchors whose latest node a merge key may not name: a scalar, or a list holding anything but
     * mappings (review: an alias of a list of mappings is a valid merge value).
     */
    private final Set<Anchor> notMergeable = new HashSet<>();
    private boolean nextListMerges;
    private Anchor nextAnchor;

    /** Takes the next node event (a scalar, an alias, or the start of a collection). */
    Verdict node(Event event) {
        remember(event);
        Level parent = open.peek();
        if (parent == null) {
            return Verdict.FINE;
        }
        if (!parent.mapping) {
            parent.onlyMappings &= isMapping(event);
            return parent.mergeList && !isMapping(event) ? Verdict.NOT_A_MAPPING : Verdict.FINE;
        }
        boolean key = parent.nextIsKey;
        parent.nextIsKey = !key;
        if (!key) {
            boolean merging = parent.merging;
            parent.merging = false;
            if (merging && event.getEventId() == Event.ID.SequenceStart) {
                nextListMerges = true;
                return Verdict.FINE;
            }
            return merging && !isMapping(event) ? Verdict.NOT_A_MAPPING : Verdict.FINE;
        }
        if (isMergeKey(event)) {
            parent.merging = true;
            return ++parent.mergeKeys == 2 ? Verdict.SECOND_MERGE_KEY : Verdict.FINE;
        }
        return Verdict.FINE;
    }

    /** A collection starts (after {@link #node} took it as a node of its parent). */
    void start(boolean mapping) {
        open.push(new Level(mapping, nextAnchor, !mapping && nextListMerges));
        nextListMerges = false;
        nextAnchor = null;
    }

    /** The innermost collection ends. */
    void end() {
        Level done = open.pop();
        if (done.anchor != null && !done.mapping && !done.onlyMappings) {
            notMergeable.add(done.anchor);
        }
    }

    /**
     * A plain {@code <<} untagged or tagged as a merge key ({@code !!merge}), as the composer reads
     * it; {@code !!str <<} is a key like any other (review).
     */
    static boolean isMergeKey(Event event) {
        return event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().equals("<<")
                && (scalar.getTag().isEmpty() || scalar.getTag().get().equals(Tag.MERGE.getValue()));
    }

    private void remember(Event event) {
        if (event instanceof NodeEvent node && !(event instanceof AliasEvent)) {
            Anchor anchor = node.getAnchor().orElse(null);
            if (event.getEventId() != Event.ID.Scalar) {
                nextAnchor = anchor; // taken by start(), which follows at once
            }
            if (anchor != null) {
                // an anchor given again names the latest node; a list's is judged when it ends
                if (event.getEventId() == Event.ID.Scalar) {
                    notMergeable.add(anchor);
                } else {
                    notMergeable.remove(anchor);
                }
            }
        }
    }

    /** An alias of an anchor not defined yet is the composer's to report. */
    private boolean isMapping(Event event) {
        return event.getEventId() == Event.ID.MappingStart
                || event instanceof AliasEvent alias && !notMergeable.contains(alias.getAlias());
    }
}
