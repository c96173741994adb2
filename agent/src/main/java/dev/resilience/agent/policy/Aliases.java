package dev.resilience.agent.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Where the text gives a value by an alias ({@code *r}), by the path messages name it with
 * ({@code rules[2]}, {@code rules[1].name}; a merge key's {@code rules[1].<<}). The composed tree shares
 * the anchor's node, which only knows where it is written; a problem the alias itself creates, such as
 * a rule repeated by {@code - *r}, is reported at the alias with this. Problems in the value itself
 * are still reported where it is written. {@link SafeYaml} fills it from the parser's events (plain
 * YAML has no aliases) and attaches it to the root node. Not thread-safe; one per document.
 */
final class Aliases {
    private static final String PROPERTY = Aliases.class.getName();
    private static final Aliases NONE = new Aliases();

    /** An alias, where it is, and where its anchor's value is written ({@code anchorStart} to {@code anchorEnd}, as indexes). */
    record Alias(String name, Position at, Position anchorAt, int anchorStart, int anchorEnd) {
        boolean covers(Node node) {
            return Aliases.covers(anchorStart, anchorEnd, node);
        }
    }

    /** A value written in the text, not given by an alias, from index {@code start} to {@code end}. */
    private static final class Written {
        final int start;
        int end = Integer.MAX_VALUE;

        Written(int start) {
            this.start = start;
        }
    }

    /** One open collection. */
    private static final class Level {
        /** Null when messages have no path for it (under a key that is not plain text, or a key itself). */
        final String path;
        final Written written;
        final boolean mapping;
        final Anchor anchor;
        final Mark start;
        boolean nextIsKey = true;
        String key;
        int index;

        Level(String path, Written written, boolean mapping, Anchor anchor, Mark start) {
            this.path = path;
            this.written = written;
            this.mapping = mapping;
            this.anchor = anchor;
            this.start = start;
        }
    }

    /** Per path given in the text: its {@link Alias} or {@link Written}. The first value of a repeated key counts. */
    private final Map<String, Object> paths = new HashMap<>();
    private final Map<Anchor, Mark[]> anchors = new HashMap<>();
    private final Deque<Level> open = new ArrayDeque<>();
    private boolean any;

    /** Takes the parser's next event. */
    void event(Event event) {
        switch (event.getEventId()) {
            case Scalar, Alias, MappingStart, SequenceStart -> node((NodeEvent) event);
            case MappingEnd, SequenceEnd -> {
                Level done = open.pop();
                if (done.written != null && event.getEndMark().isPresent()) {
                    done.written.end = event.getEndMark().get().getIndex();
                }
                if (done.anchor != null && done.start != null && event.getEndMark().isPresent()) {
                    anchors.put(done.anchor, new Mark[] {done.start, event.getEndMark().get()});
                }
                completed();
            }
            default -> { }
        }
    }

    private void node(NodeEvent event) {
        Level parent = open.peek();
        String path;
        if (parent == null) {
            path = "";
        } else if (parent.mapping && parent.nextIsKey) {
            parent.key = event instanceof ScalarEvent scalar ? scalar.getValue() : null;
            path = null;
        } else if (parent.path == null || parent.mapping && parent.key == null) {
            path = null;
        } else {
            path = parent.mapping ? YamlNodes.path(parent.path, parent.key) : parent.path + "[" + parent.index + "]";
        }
        Mark start = event.getStartMark().orElse(null);
        Anchor anchor = event.getAnchor().orElse(null);
        if (event instanceof AliasEvent alias) {
            Mark[] anchored = anchors.get(alias.getAlias());
            if (path != null && anchored != null && start != null && !paths.containsKey(path)) {
                paths.put(path, new Alias(alias.getAlias().getValue(), position(start), position(anchored[0]),
                        anchored[0].getIndex(), anchored[1].getIndex()));
                any = true;
            }
            completed();
            return;
        }
        Written written = null;
        if (path != null && start != null && !paths.containsKey(path)) {
            written = new Written(start.getIndex());
            paths.put(path, written);
        }
        if (event instanceof ScalarEvent) {
            if (written != null && event.getEndMark().isPresent()) {
                written.end = event.getEndMark().get().getIndex();
            }
            if (anchor != null && start != null && event.getEndMark().isPresent()) {
                anchors.put(anchor, new Mark[] {start, event.getEndMark().get()});
            }
            completed();
        } else {
            open.push(new Level(path, written, event.getEventId() == Event.ID.MappingStart, anchor, start));
        }
    }

    /** A node of the innermost open collection is complete. */
    private void completed() {
        Level parent = open.peek();
        if (parent == null) {
            return;
        }
        if (parent.mapping) {
            parent.nextIsKey = !parent.nextIsKey;
        } else {
            parent.index++;
        }
    }

    /** Attaches these aliases to the document's root node, if there are any. */
    void attachTo(Node root) {
        if (any) {
            root.setProperty(PROPERTY, this);
        }
    }

    /** The aliases attached to a document's root node; none when it has none. */
    static Aliases of(Node root) {
        Object aliases = root.getProperty(PROPERTY);
        return aliases instanceof Aliases a ? a : NONE;
    }

    /**
     * The alias through which the text gives {@code entry}, the entry of key {@code key} in the mapping
     * at {@code path}: an alias of the entry's value, of a mapping around it ({@code - *r} for a rule), or
     * of a mapping a merge key takes it from; empty when the entry is written where it is read.
     */
    Optional<Alias> giving(String path, String key, NodeTuple entry) {
        String full = YamlNodes.path(path, key);
        for (String p = full; p != null; p = parent(p)) {
            Object given = paths.get(p);
            if (given instanceof Alias alias) {
                return Optional.of(alias);
            }
            if (given instanceof Written) {
                // written, but not the entry itself: the mapping it is read in, whose merge key brought it
                return p.equals(full) ? Optional.empty() : merged(p, key, entry);
            }
        }
        return Optional.empty();
    }

    /** The alias through which the merge key of the mapping at {@code path} brings {@code entry}, if any. */
    private Optional<Alias> merged(String path, String key, NodeTuple entry) {
        String merge = YamlNodes.path(path, "<<");
        // `<<: [*a, { b: 1 }]`: the mapping that holds the entry's key
        for (int i = 0; paths.containsKey(merge + "[" + i + "]"); i++) {
            Optional<Alias> alias = source(merge + "[" + i + "]", key, entry);
            if (alias.isPresent()) {
                return alias;
            }
        }
        return source(merge, key, entry);
    }

    private Optional<Alias> source(String path, String key, NodeTuple entry) {
        Object given = paths.get(path);
        if (given instanceof Alias alias) {
            return alias.covers(entry.getKeyNode()) ? Optional.of(alias) : Optional.empty();
        }
        if (given instanceof Written written && covers(written.start, written.end, entry.getKeyNode())) {
            return giving(path, key, entry);
        }
        return Optional.empty();
    }

    private static boolean covers(int start, int end, Node node) {
        Optional<Mark> mark = node.getStartMark();
        return mark.isPresent() && mark.get().getIndex() >= start && mark.get().getIndex() < end;
    }

    /** {@code rules[2]} for {@code rules[2].name}, {@code rules} for {@code rules[2]}; null at the top. */
    private static String parent(String path) {
        int end = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return end < 0 ? null : path.substring(0, end);
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
