package dev.resilience.agent.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Where the text gives a rule, or a rule's {@code name} or {@code match}, by an alias: {@code - *r},
 * {@code name: *n}, a merge key's {@code <<: *r}. The composed tree shares the anchor's node, which only
 * knows where it is written; a problem the alias itself creates, such as a rule repeated by {@code - *r},
 * is reported at the alias with this. Problems in the value itself are still reported where it is written.
 * {@link SafeYaml} feeds it the parser's events (plain YAML has no aliases) and attaches it to the root node.
 *
 * <p>Only what {@link PolicyReader} asks about is recorded, by structure, never as path text (review: a
 * path for every node ran a valid 1 MB file out of memory, and a quoted key could pass for a path): the
 * items of the top-level {@code rules} list as written there, their {@code name}, {@code match} and merge
 * sources, and per anchor where its value is written with, for an anchored mapping, its merge sources (for
 * a list, its aliases), to follow a merge of a merge. That is one small object per rule, anchor and merge
 * entry. Anything unexpected leaves positions at the anchor, as before this class existed: it must never
 * turn a valid policy into an error. Not thread-safe; one per document.
 */
final class Aliases {
    private static final String PROPERTY = Aliases.class.getName();
    private static final Aliases NONE = new Aliases();
    /** A {@code name} or {@code match} written in the mapping itself. */
    private static final Object WRITTEN = new Object();

    /** An alias, where it is, and the value its anchor names. */
    record Alias(String name, Position at, Value anchored) {
        Position anchorAt() {
            return anchored.at;
        }
    }

    /** A value written in the text, from index {@code start} to {@code end}: a rule, a merge source, or an anchored value. */
    static final class Value {
        final Position at;
        final int start;
        int end = Integer.MAX_VALUE;
        /** A mapping's {@code name} and {@code match}: an {@link Alias}, {@link #WRITTEN}, or null when it has none. */
        Object name;
        Object match;
        /** Where its merge key takes entries from, in order, each an {@link Alias} or a {@link Value}; a list's items. */
        List<Object> sources = List.of();

        Value(Mark start) {
            this.at = position(start);
            this.start = start.getIndex();
        }

        void add(Object source) {
            if (sources.isEmpty()) {
                sources = new ArrayList<>(1);
            }
            sources.add(source);
        }
    }

    /** What a node is to {@link PolicyReader}. */
    private enum Role { OTHER, ROOT, RULES, RULE, NAME, MATCH, MERGE, SOURCE, ALIASED_ITEM }

    /** One open collection. */
    private static final class Level {
        final boolean mapping;
        final boolean root;
        /** Recorded for it, or null. */
        final Value value;
        final Anchor anchor;
        /** A list: the role of its items. */
        final Role items;
        /** A mapping: whether its next node is a key, and the role of the value of the last key. */
        boolean nextIsKey = true;
        Role next = Role.OTHER;

        Level(boolean mapping, boolean root, Value value, Anchor anchor, Role items) {
            this.mapping = mapping;
            this.root = root;
            this.value = value;
            this.anchor = anchor;
            this.items = items;
        }
    }

    /** Per item of the top-level {@code rules} list as written: an {@link Alias}, a {@link Value} for a mapping, or null. */
    private final List<Object> rules = new ArrayList<>();
    private final Map<Anchor, Value> anchors = new HashMap<>();
    private final Deque<Level> open = new ArrayDeque<>();
    private boolean rootSeen;
    private boolean any;
    private boolean failed;
    private int recorded;

    /** Takes the parser's next event. */
    void event(Event event) {
        if (failed) {
            return;
        }
        try {
            switch (event.getEventId()) {
                case Scalar, Alias, MappingStart, SequenceStart -> node((NodeEvent) event);
                case MappingEnd, SequenceEnd -> {
                    Level done = open.pop();
                    ended(done.value, done.anchor, event.getEndMark());
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            // a bug here must not fail the policy: positions fall back to where values are written
            failed = true;
            rules.clear();
            anchors.clear();
            open.clear();
        }
    }

    private void node(NodeEvent event) {
        Level parent = open.peek();
        Role role = role(parent, event);
        Anchor anchor = event.getAnchor().orElse(null);
        Event.ID id = event.getEventId();
        Object given = null;
        Value value = null;
        if (event instanceof AliasEvent alias) {
            Value anchored = anchors.get(alias.getAlias());
            if (anchored != null && event.getStartMark().isPresent()) {
                given = new Alias(alias.getAlias().getValue(), position(event.getStartMark().get()), anchored);
            }
        } else if (event.getStartMark().isPresent() && (anchor != null || id == Event.ID.MappingStart
                && (role == Role.RULE || role == Role.MERGE || role == Role.SOURCE) || role == Role.MERGE)) {
            value = new Value(event.getStartMark().get());
        }
        switch (role) {
            case RULE -> keep(rules, given != null ? given : value); // null too: indexes are the rules'
            case NAME -> parent.value.name = firstOf(parent.value.name, given);
            case MATCH -> parent.value.match = firstOf(parent.value.match, given);
            case MERGE, SOURCE, ALIASED_ITEM -> {
                Object source = given != null ? given : role == Role.ALIASED_ITEM ? null : value;
                if (source != null) {
                    parent.value.add(source);
                    recorded++;
                }
            }
            default -> { }
        }
        any |= given != null && role != Role.OTHER;
        if (id == Event.ID.MappingStart) {
            open.push(new Level(true, role == Role.ROOT, value, anchor, Role.OTHER));
        } else if (id == Event.ID.SequenceStart) {
            // an anchored list may be a merge source (`<<: *list`): the aliases in it are followed
            open.push(new Level(false, false, value, anchor, role == Role.RULES ? Role.RULE
                    : role == Role.MERGE ? Role.SOURCE : value != null ? Role.ALIASED_ITEM : Role.OTHER));
        } else if (value != null) {
            ended(value, anchor, event.getEndMark());
        }
    }

    /** What {@code event}, a node in {@code parent}, is; a mapping's key decides what its value is. */
    private Role role(Level parent, NodeEvent event) {
        if (parent == null) {
            Role role = rootSeen ? Role.OTHER : Role.ROOT; // a second document is an error of its own
            rootSeen = true;
            return role;
        }
        if (!parent.mapping) {
            return parent.items;
        }
        boolean key = parent.nextIsKey;
        parent.nextIsKey = !key;
        Role role = parent.next;
        parent.next = Role.OTHER;
        if (!key) {
            return role;
        }
        if (event instanceof ScalarEvent scalar) {
            String text = scalar.getValue();
            if (parent.root) {
                parent.next = text.equals("rules") ? Role.RULES : Role.OTHER;
            } else if (parent.value != null) {
                parent.next = MergeKeys.isMergeKey(event) ? Role.MERGE
                        : text.equals("name") ? Role.NAME : text.equals("match") ? Role.MATCH : Role.OTHER;
            }
        }
        return Role.OTHER;
    }

    private void keep(List<Object> list, Object item) {
        list.add(item);
        recorded++;
    }

    /** The first value of a repeated key counts, as the composer keeps it. */
    private static Object firstOf(Object before, Object given) {
        return before != null ? before : given != null ? given : WRITTEN;
    }

    private void ended(Value value, Anchor anchor, Optional<Mark> end) {
        if (value != null && end.isPresent()) {
            value.end = end.get().getIndex();
        }
        if (anchor != null && value != null) {
            anchors.put(anchor, value); // an anchor given again names the latest value
            recorded++;
        }
    }

    /** Attaches these aliases to the document's root node, if they give anything PolicyReader asks about. */
    void attachTo(org.snakeyaml.engine.v2.nodes.Node root) {
        if (any && !failed) {
            root.setProperty(PROPERTY, this);
        }
    }

    /** The aliases attached to a document's root node; none when it has none. */
    static Aliases of(org.snakeyaml.engine.v2.nodes.Node root) {
        Object aliases = root.getProperty(PROPERTY);
        return aliases instanceof Aliases a ? a : NONE;
    }

    /** How many things are recorded: rules, their entries, merge sources and anchors, never one per node. */
    int recorded() {
        return recorded;
    }

    /**
     * The alias through which the text gives {@code entry}, the {@code name} or {@code match} entry (per
     * {@code key}) of rule {@code rule}: the rule's own alias ({@code - *r}), the entry's value's, or that of
     * the merge source that brings it; empty when the rule writes it, or when the rule list or the rule is
     * itself given by an alias around several rules ({@code rules: *all}), which repeats nothing.
     */
    Optional<Alias> giving(int rule, String key, NodeTuple entry) {
        try {
            Object given = rule < rules.size() ? rules.get(rule) : null;
            if (given instanceof Alias alias) {
                return Optional.of(alias);
            }
            Optional<Mark> keyAt = entry.getKeyNode().getStartMark();
            return given instanceof Value value && keyAt.isPresent()
                    ? through(value, key, keyAt.get().getIndex()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // as in event(): the anchor's position, never a failure
        }
    }

    /** The alias through which {@code mapping} (written, or a written merge source) gives the key written at {@code keyAt}. */
    private static Optional<Alias> through(Value mapping, String key, int keyAt) {
        Object own = key.equals("name") ? mapping.name : key.equals("match") ? mapping.match : null;
        if (own != null) { // keys written in the mapping win over merged ones
            return own instanceof Alias alias ? Optional.of(alias) : Optional.empty();
        }
        for (Object source : mapping.sources) {
            if (holds(source, keyAt)) {
                // the first alias on the way is what puts the entry here: `<<: *r` when r merges `*base`
                return source instanceof Alias alias ? Optional.of(alias) : through((Value) source, key, keyAt);
            }
        }
        return Optional.empty();
    }

    /** Whether the key written at {@code keyAt} is in {@code source}, or in what its merge keys take, however deep. */
    private static boolean holds(Object source, int keyAt) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>(List.of(source));
        while (!todo.isEmpty()) {
            Object next = todo.pop();
            Value value = next instanceof Alias alias ? alias.anchored : (Value) next;
            if (!seen.add(value)) {
                continue;
            }
            if (value.start <= keyAt && keyAt < value.end) {
                return true;
            }
            todo.addAll(value.sources);
        }
        return false;
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
