package dev.resilience.agent.policy;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns policy text into a YAML node tree without constructing a single object, and refuses hostile
 * input quickly: oversized text, deep nesting, alias bombs and recursive aliases. Custom tags are
 * reported and dropped, so the rest of the file is still checked.
 * Stateless and thread-safe.
 */
final class SafeYaml {
    /** Policies are a few KB; a megabyte is already far beyond any real one. */
    static final int MAX_CHARS = 1024 * 1024;
    static final int MAX_DEPTH = 50;
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    /** Nodes that aliases may add on top of what is written; a billion-laughs file needs millions. */
    static final int MAX_ALIAS_EXPANSION = 10_000;
    /**
     * Anchors a policy may define. Anchors are hashed by name, and names built to collide made a 1 MB file
     * of 28,000 of them take over a minute to read (review), in the agent's start-up too; a policy needs a few.
     */
    static final int MAX_ANCHORS = 1_000;

    /** The scanner's context for a key it could not finish (no colon after it). */
    private static final String SIMPLE_KEY = "while scanning a simple key";
    private static final Set<Tag> STANDARD_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

    private SafeYaml() { }

    /** The document's root node, or empty after reporting why there is none. */
    static Optional<Node> compose(String text, Problems problems) {
        if (text.length() > MAX_CHARS) {
            problems.addForFile("the file has " + text.length() + " characters; a policy may have at most "
                    + MAX_CHARS + " (1 MB); is this the right file?");
            return Optional.empty();
        }
        // Most policies are plain YAML, composed without snakeyaml-engine's scanner, parser and composer
        // (issue 8); what is not plain, errors included, goes through snakeyaml-engine.
        Optional<Node> plain = PlainYaml.compose(text, problems.file());
        if (plain.isPresent()) {
            return plain; // a mapping of standard tags: the checks of composeAny cannot fail for it
        }
        return composeAny(text, problems);
    }

    /** {@link #compose} with snakeyaml-engine, whatever the text: any YAML, every error reported. */
    static Optional<Node> composeAny(String text, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(problems.file())
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS)
                .setCodePointLimit(MAX_CHARS + 1)
                .setParseComments(false)
                // One read for the whole text: snakeyaml-engine 2.10 throws IndexOutOfBoundsException when
                // a surrogate pair (an emoji, say) straddles the end of its 1024-char read buffer.
                .setBufferSize(text.length() + 1)
                .build();
        try {
            // The composer recurses per nesting level and shares aliased nodes; walking the events first
            // bounds depth and alias expansion before any tree exists. The tree is then composed from
            // the same events: scanning the text once is enough.
            List<Event> events = new ArrayList<>();
            Aliases aliases = new Aliases();
            Parser parser = new ParserImpl(settings, new StreamReader(settings, new StringReader(text)));
            if (!withinLimits(parser, events, aliases, problems)) {
                return Optional.empty();
            }
            Optional<Node> root = new Composer(settings, new RecordedEvents(events)).getSingleNode();
            if (root.isEmpty() || YamlNodes.isNull(root.get()) && YamlNodes.text(root.get()).isEmpty()) {
                problems.add(new Position(1, 1), "the file is empty; a policy starts with `version: 1` and lists `rules`");
                return Optional.empty();
            }
            dropCustomTags(root.get(), problems, new IdentityHashMap<>());
            aliases.attachTo(root.get());
            return root;
        } catch (MarkedYamlEngineException e) {
            problems.add(position(e), "YAML syntax error: " + describe(e));
            return Optional.empty();
        } catch (ReaderException e) {
            problems.add(position(text, e.getPosition()), String.format("the character U+%04X is not allowed in YAML;"
                    + " remove it (is this a text file?)", e.getCodePoint()));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(new Position(1, 1), "YAML error: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // The scanner lets a few JDK exceptions out (an escape such as "\UFFFFFFFF" overflows parseInt).
            ScanFailure.Located where = ScanFailure.locate(text, settings);
            problems.add(where.position(), where.message());
            return Optional.empty();
        }
    }

    /** Takes every event from {@code parser} into {@code events} and {@code aliases}, unless a limit is exceeded first. */
    private static boolean withinLimits(Parser parser, List<Event> events, Aliases aliases, Problems problems) {
        Map<Anchor, Integer> sizes = new HashMap<>();
        Set<Anchor> open = new HashSet<>();
        Set<Anchor> collectionAnchors = new HashSet<>();
        int collectionAliases = 0;
        MergeKeys mergeKeys = new MergeKeys();
        Deque<Object[]> collections = new ArrayDeque<>(); // {anchor or null, node count before it}
        long nodes = 0;
        long expanded = 0;
        int anchors = 0;
        while (parser.hasNext()) {
            Event event = parser.next();
            // An alias event carries the name it refers to, not an anchor of its own.
            if (event.getEventId() != Event.ID.Alias && event instanceof NodeEvent node && node.getAnchor().isPresent()
                    && ++anchors > MAX_ANCHORS) {
                problems.add(position(event.getStartMark()), "more than " + MAX_ANCHORS + " anchors (&name);"
                        + " a policy needs a few: put what rules share in `defaults`");
                return false;
            }
            events.add(event);
            aliases.event(event);
            Event.ID id = event.getEventId();
            MergeKeys.Verdict merge = id == Event.ID.Scalar || id == Event.ID.Alias || id == Event.ID.MappingStart
                    || id == Event.ID.SequenceStart ? mergeKeys.node(event) : MergeKeys.Verdict.FINE;
            if (merge == MergeKeys.Verdict.SECOND_MERGE_KEY) {
                problems.add(position(event.getStartMark()), "a second merge key `<<` in one mapping; merge several"
                        + " mappings with one key and a list: `<<: [*a, *b]`");
            } else if (merge == MergeKeys.Verdict.NOT_A_MAPPING) {
                problems.add(position(event.getStartMark()), "a merge key `<<` takes a mapping, an alias of one"
                        + " (`<<: *defaults`) or a list of them (`<<: [*a, *b]`), not this value");
                return false;
            }
            if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
                mergeKeys.start(id == Event.ID.MappingStart);
            } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
                mergeKeys.end();
            }
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (collections.size() >= MAX_DEPTH) {
                        problems.add(position(event.getStartMark()), "the YAML nests deeper than " + MAX_DEPTH
                                + " levels; a policy needs fewer than 10");
                        return false;
                    }
                    Anchor anchor = ((NodeEvent) event).getAnchor().orElse(null);
                    collections.push(new Object[] {anchor, nodes});
                    if (anchor != null) {
                        open.add(anchor);
                        collectionAnchors.add(anchor);
                    }
                    nodes++;
                }
                case MappingEnd, SequenceEnd -> {
                    Object[] done = collections.pop();
                    if (done[0] != null) {
                        sizes.put((Anchor) done[0], (int) Math.min(Integer.MAX_VALUE, nodes - (long) done[1]));
                        open.remove(done[0]);
                    }
                }
                case Scalar -> {
                    Optional<Anchor> anchor = ((NodeEvent) event).getAnchor(); // no lambda: premain (issue 8)
                    if (anchor.isPresent()) {
                        sizes.put(anchor.get(), 1);
                        collectionAnchors.remove(anchor.get()); // an anchor given again names the latest node
                    }
                    nodes++;
                }
                case Alias -> {
                    Anchor alias = ((AliasEvent) event).getAlias();
                    if (open.contains(alias)) {
                        problems.add(position(event.getStartMark()), "the alias *" + alias.getValue()
                                + " refers to a value that contains it; recursive aliases are not allowed");
                        return false;
                    }
                    // snakeyaml-engine's own limit, checked here first so that its message has a position and advice
                    if (collectionAnchors.contains(alias) && ++collectionAliases > MAX_ALIASES_FOR_COLLECTIONS) {
                        problems.add(position(event.getStartMark()), "more than " + MAX_ALIASES_FOR_COLLECTIONS
                                + " aliases of lists or mappings; refusing what looks like a YAML bomb (write the values"
                                + " out, or put what rules share in `defaults`)");
                        return false;
                    }
                    int size = sizes.getOrDefault(alias, 1);
                    nodes += size;
                    expanded += size;
                    if (expanded > MAX_ALIAS_EXPANSION) {
                        problems.add(position(event.getStartMark()), "aliases expand to more than "
                                + MAX_ALIAS_EXPANSION + " values; refusing what looks like a YAML bomb"
                                + " (write the values out, or use fewer aliases)");
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    /**
     * Custom tags ({@code !foo}, {@code !!python/object}, {@code !!binary}) are reported, never interpreted.
     * The node then gets the tag it would have without one, so validation goes on and reports every other
     * problem too. That is safe: nothing is ever constructed from a tag (every value is read from its
     * text, see {@link YamlNodes}), so dropping one only decides which standard reading the text gets.
     */
    private static void dropCustomTags(Node node, Problems problems, Map<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) {
            return; // an aliased node, already checked where it was written
        }
        if (!STANDARD_TAGS.contains(node.getTag())) {
            problems.add(node, "the tag `" + node.getTag().getValue() + "` is not allowed; a policy uses plain"
                    + " YAML values only (remove the tag)");
            node.setTag(untagged(node));
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                dropCustomTags(tuple.getKeyNode(), problems, seen);
                dropCustomTags(tuple.getValueNode(), problems, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                dropCustomTags(item, problems, seen);
            }
        }
    }

    /** The tag the node would have had without one written: the core schema's, as {@link CoreTags} resolves it. */
    private static Tag untagged(Node node) {
        if (node instanceof MappingNode) {
            return Tag.MAP;
        }
        if (node instanceof SequenceNode) {
            return Tag.SEQ;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag implicit = scalar.isPlain() ? CoreTags.of(scalar.getValue()) : Tag.STR;
        // Null for `${VAR}` and `<<`, which snakeyaml-engine would read as an environment variable (itself a
        // tag that is reported) or a merge key: here they are read as the text they are.
        return implicit == null ? Tag.STR : implicit;
    }

    /** Line and column of the code point at {@code index}. */
    private static Position position(String text, int index) {
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int i = 0; i < index && offset < text.length(); i++) {
            int c = text.codePointAt(offset);
            offset += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }

    /**
     * Where the problem is: the scanner's problem mark, except for a key it could not finish (no
     * colon on its line, or too long), which it notices only where it gives up (the next line, the
     * end of the file, 1024 characters in): the key itself is what to fix.
     */
    private static Position position(MarkedYamlEngineException e) {
        Optional<Mark> at = SIMPLE_KEY.equals(e.getContext()) && e.getContextMark().isPresent()
                ? e.getContextMark() : e.getProblemMark().or(e::getContextMark);
        return at.map(SafeYaml::position).orElse(new Position(1, 1));
    }

    private static Position position(Optional<Mark> mark) {
        return mark.map(SafeYaml::position).orElse(new Position(1, 1));
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String describe(MarkedYamlEngineException e) {
        if (SIMPLE_KEY.equals(e.getContext()) && e.getProblemMark().isPresent() && e.getContextMark().isPresent()
                && e.getProblemMark().get().getLine() == e.getContextMark().get().getLine()
                && e.getProblemMark().get().getIndex() - e.getContextMark().get().getIndex() >= 1024) {
            // (audit: a stray byte order mark inside the file ends a key at once, on its line, and was
            // reported as a key over 1,024 characters in an 80-byte file)
            // a key gives up on its own line only by its length: its colon may well be there
            return "a key longer than 1024 characters, YAML's limit for a plain key; shorten it";
        }
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().strip();
        if (problem.contains("another document")) {
            return "a second document starts here; a policy is one YAML document (remove the `---` line)";
        }
        String context = e.getContext() == null ? "" : e.getContext().strip();
        String where = SIMPLE_KEY.equals(e.getContext()) ? "" : e.getContextMark()
                .filter(m -> e.getProblemMark().map(p -> p.getIndex() != m.getIndex()).orElse(true))
                .map(m -> " at " + position(m)).orElse("");
        return problem + (context.isEmpty() ? "" : " (" + context + where + ")") + "; check indentation and quoting";
    }
}
