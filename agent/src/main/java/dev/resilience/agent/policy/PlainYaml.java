package dev.resilience.agent.policy;

import dev.resilience.agent.policy.PlainLines.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Composes the node tree of a policy written in the plain YAML policies are written in, without
 * snakeyaml-engine's scanner, parser and composer: about a hundred classes and a dozen lambdas the
 * JVM would otherwise load and spin in premain, two thirds of the agent's own start-up cost (issue 8).
 *
 * <p>Plain means: printable ASCII, spaces for indentation, a block mapping at the top; block
 * mappings and sequences ({@code - } items, a mapping may start on an item's line); values on the
 * key's line as plain scalars, quoted scalars without escapes, or flow mappings and sequences that
 * close on the same line; comments. Anything else (tabs, anchors, aliases, tags, multi-line or
 * block scalars, escapes, complex keys, several documents, empty items, deep nesting, any syntax
 * error) is declined, and {@link SafeYaml} composes the text with snakeyaml-engine instead, which
 * reports the errors. What it composes is exactly what snakeyaml-engine would: the same nodes,
 * tags ({@link CoreTags}: the core schema's resolution), values, scalar styles and start marks
 * (which give the problems their line and column); end marks are not set, as nothing reads them
 * ({@code PlainYamlTest} compares both composers over every policy the tests know and variants of
 * them). Thread-safe: {@link #compose} reads each text with an instance of its own.
 */
final class PlainYaml {
    /** Deeper nesting is declined, so snakeyaml-engine applies {@link SafeYaml#MAX_DEPTH}. */
    private static final int MAX_DEPTH = 20;

    private final PlainLines lines;
    /** The index of the next line to compose. */
    private int next;

    /** Thrown to decline; never leaves this class and {@link PlainLines}. */
    static final class Declined extends Exception {
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super(null, null, false, false);
        }
    }

    private PlainYaml(PlainLines lines) {
        this.lines = lines;
    }

    /** The document's root node, or empty when the text is not plain (then nothing is reported). */
    static Optional<Node> compose(String text, String label) {
        try {
            PlainLines lines = PlainLines.split(text, label);
            if (lines.size() == 0 || lines.get(0).indent() != 0) {
                return Optional.empty();
            }
            PlainYaml yaml = new PlainYaml(lines);
            Node root = yaml.blockNode(0, 1);
            return yaml.next == lines.size() && root instanceof MappingNode ? Optional.of(root) : Optional.empty();
        } catch (Declined declined) {
            return Optional.empty();
        }
    }

    private Mark mark(Line line, int column) {
        return lines.mark(line, column);
    }

    private Line peek() {
        return next < lines.size() ? lines.get(next) : null;
    }

    /** The indentation of the next line, or -1 at the end. */
    private int nextIndent() {
        Line line = peek();
        return line == null ? -1 : line.indent();
    }

    /** A block mapping or sequence starting on the next line, at its indentation. */
    private Node blockNode(int indent, int depth) throws Declined {
        if (depth > MAX_DEPTH) {
            throw Declined.INSTANCE;
        }
        Line line = peek();
        if (isItem(line.text(), indent)) {
            return sequence(indent, depth);
        }
        return mapping(line, indent, depth);
    }

    private static boolean isItem(String text, int column) {
        return text.charAt(column) == '-' && (column + 1 == text.length() || text.charAt(column + 1) == ' ');
    }

    /** A block mapping whose first key is on {@code first} at {@code column}; later keys on lines of that indentation. */
    private MappingNode mapping(Line first, int column, int depth) throws Declined {
        List<NodeTuple> entries = new ArrayList<>();
        Line line = first;
        int at = column;
        while (true) {
            next++;
            entries.add(entry(line, at, depth));
            int indent = nextIndent();
            if (indent > column) {
                throw Declined.INSTANCE; // a continued scalar or a mistake
            }
            if (indent < column) {
                break;
            }
            line = peek();
            at = column;
            if (isItem(line.text(), column)) {
                throw Declined.INSTANCE;
            }
        }
        return new MappingNode(Tag.MAP, true, entries, FlowStyle.BLOCK, Optional.of(mark(first, column)), Optional.empty());
    }

    /** {@code key: value} at {@code column} of a line already taken; a value on later lines is taken too. */
    private NodeTuple entry(Line line, int column, int depth) throws Declined {
        String s = line.text();
        int colon = keyEnd(s, column);
        if (colon < 0 || colon + 1 < s.length() && s.charAt(colon + 1) != ' ') {
            throw Declined.INSTANCE;
        }
        String key = s.substring(column, colon);
        if (key.equals("<<")) {
            throw Declined.INSTANCE;
        }
        Node keyNode = scalar(key, ScalarStyle.PLAIN, mark(line, column));
        int value = skipSpaces(s, colon + 1);
        if (value == s.length() || s.charAt(value) == '#') {
            int indent = nextIndent();
            if (indent > column) {
                return new NodeTuple(keyNode, blockNode(indent, depth + 1));
            }
            if (indent == column && isItem(peek().text(), column)) {
                throw Declined.INSTANCE; // a sequence not indented under its key
            }
            return new NodeTuple(keyNode, scalar("", ScalarStyle.PLAIN, mark(line, colon + 1)));
        }
        Node valueNode = inline(line, value, depth + 1);
        return new NodeTuple(keyNode, valueNode);
    }

    /** The position of the colon after a plain key of safe characters at {@code column}, or -1. */
    private static int keyEnd(String s, int column) {
        int i = column;
        while (i < s.length() && isKeyChar(s.charAt(i), i == column)) {
            i++;
        }
        return i > column && i < s.length() && s.charAt(i) == ':' ? i : -1;
    }

    private static boolean isKeyChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                || !first && (c == '-' || c == '.');
    }

    /** A block sequence of {@code - } items at {@code indent}. */
    private SequenceNode sequence(int indent, int depth) throws Declined {
        Line first = peek();
        List<Node> items = new ArrayList<>();
        while (true) {
            Line line = peek();
            String s = line.text();
            int at = skipSpaces(s, indent + 1);
            if (at == indent + 1 || at == s.length() || s.charAt(at) == '#' || isItem(s, at)) {
                throw Declined.INSTANCE; // "-x", an empty item, or an item that is a sequence
            }
            if (keyEnd(s, at) >= 0) {
                items.add(mapping(line, at, depth + 1));
            } else {
                next++;
                items.add(inline(line, at, depth + 1));
                if (nextIndent() > indent) {
                    throw Declined.INSTANCE;
                }
            }
            int following = nextIndent();
            if (following < indent) {
                break;
            }
            if (following > indent || !isItem(peek().text(), indent)) {
                throw Declined.INSTANCE;
            }
        }
        return new SequenceNode(Tag.SEQ, true, items, FlowStyle.BLOCK, Optional.of(mark(first, indent)), Optional.empty());
    }

    /** A value that ends on its line: a flow collection, a quoted or a plain scalar; then only a comment. */
    private Node inline(Line line, int at, int depth) throws Declined {
        String s = line.text();
        char c = s.charAt(at);
        int[] end = new int[1];
        Node node;
        if (c == '{' || c == '[') {
            node = flow(line, at, end, depth);
        } else if (c == '"' || c == '\'') {
            node = quoted(line, at, end);
        } else {
            int stop = s.indexOf(" #", at);
            stop = stop < 0 ? s.length() : stop;
            String plain = s.substring(at, stop).stripTrailing();
            checkPlain(plain, false);
            node = scalar(plain, ScalarStyle.PLAIN, mark(line, at));
            end[0] = at + plain.length();
        }
        int rest = skipSpaces(s, end[0]);
        if (rest < s.length() && (s.charAt(rest) != '#' || rest == end[0])) {
            throw Declined.INSTANCE;
        }
        return node;
    }

    /** A flow mapping or sequence at {@code at}, closed on the same line; {@code end[0]} is set past it. */
    private Node flow(Line line, int at, int[] end, int depth) throws Declined {
        if (depth > MAX_DEPTH) {
            throw Declined.INSTANCE;
        }
        String s = line.text();
        boolean isMapping = s.charAt(at) == '{';
        char close = isMapping ? '}' : ']';
        List<NodeTuple> entries = new ArrayList<>();
        List<Node> items = new ArrayList<>();
        int i = skipSpaces(s, at + 1);
        if (i < s.length() && s.charAt(i) == close) {
            end[0] = i + 1;
        } else {
            while (true) {
                Node keyNode = null;
                if (isMapping) {
                    int colon = keyEnd(s, i);
                    if (colon < 0 || colon + 1 >= s.length() || s.charAt(colon + 1) != ' ') {
                        throw Declined.INSTANCE;
                    }
                    String key = s.substring(i, colon);
                    if (key.equals("<<")) {
                        throw Declined.INSTANCE;
                    }
                    keyNode = scalar(key, ScalarStyle.PLAIN, mark(line, i));
                    i = skipSpaces(s, colon + 1);
                }
                int[] valueEnd = new int[1];
                Node value = flowValue(line, i, valueEnd, depth + 1);
                if (isMapping) {
                    entries.add(new NodeTuple(keyNode, value));
                } else {
                    items.add(value);
                }
                i = skipSpaces(s, valueEnd[0]);
                if (i >= s.length()) {
                    throw Declined.INSTANCE;
                }
                if (s.charAt(i) == close) {
                    end[0] = i + 1;
                    break;
                }
                if (s.charAt(i) != ',') {
                    throw Declined.INSTANCE;
                }
                i = skipSpaces(s, i + 1);
                if (i >= s.length() || s.charAt(i) == close) {
                    throw Declined.INSTANCE; // a trailing comma
                }
            }
        }
        Optional<Mark> start = Optional.of(mark(line, at));
        return isMapping ? new MappingNode(Tag.MAP, true, entries, FlowStyle.FLOW, start, Optional.empty())
                : new SequenceNode(Tag.SEQ, true, items, FlowStyle.FLOW, start, Optional.empty());
    }

    private Node flowValue(Line line, int at, int[] end, int depth) throws Declined {
        String s = line.text();
        if (at >= s.length()) {
            throw Declined.INSTANCE;
        }
        char c = s.charAt(at);
        if (c == '{' || c == '[') {
            return flow(line, at, end, depth);
        }
        if (c == '"' || c == '\'') {
            return quoted(line, at, end);
        }
        int i = at;
        while (i < s.length() && ",[]{}".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String plain = s.substring(at, i).stripTrailing();
        checkPlain(plain, true);
        end[0] = at + plain.length();
        return scalar(plain, ScalarStyle.PLAIN, mark(line, at));
    }

    /** A quoted scalar closed on its line, without escapes ({@code ''} in single quotes is one quote). */
    private Node quoted(Line line, int at, int[] end) throws Declined {
        String s = line.text();
        char quote = s.charAt(at);
        StringBuilder value = new StringBuilder();
        int i = at + 1;
        while (true) {
            if (i >= s.length()) {
                throw Declined.INSTANCE;
            }
            char c = s.charAt(i);
            if (c == '\\' && quote == '"') {
                throw Declined.INSTANCE;
            }
            if (c == quote) {
                if (quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                break;
            }
            value.append(c);
            i++;
        }
        end[0] = i + 1;
        return scalar(value.toString(), quote == '"' ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.SINGLE_QUOTED, mark(line, at));
    }

    /**
     * Declines a plain scalar that could mean more than its characters: an indicator first, a
     * colon that may end a key, a comment sign, quotes, brackets, or anything but the characters
     * policies use.
     */
    private static void checkPlain(String plain, boolean inFlow) throws Declined {
        if (plain.isEmpty()) {
            throw Declined.INSTANCE;
        }
        char first = plain.charAt(0);
        boolean firstOk = first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first >= '0' && first <= '9'
                || "_./$(+~=^".indexOf(first) >= 0
                || first == '-' && plain.length() > 1 && (plain.charAt(1) == '.' || plain.charAt(1) >= '0' && plain.charAt(1) <= '9');
        if (!firstOk) {
            throw Declined.INSTANCE;
        }
        for (int i = 1; i < plain.length(); i++) {
            char c = plain.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.-/+*()$<>=~^;% ".indexOf(c) >= 0
                    || c == ':' && !inFlow && i + 1 < plain.length() && plain.charAt(i + 1) != ' '
                    || c == ',' && !inFlow;
            if (!ok) {
                throw Declined.INSTANCE;
            }
        }
    }

    private ScalarNode scalar(String value, ScalarStyle style, Mark start) throws Declined {
        Tag tag = style == ScalarStyle.PLAIN ? CoreTags.of(value) : Tag.STR;
        if (tag == null) {
            throw Declined.INSTANCE; // ${VAR} and <<: snakeyaml-engine decides what they mean
        }
        return new ScalarNode(tag, true, value, style, Optional.of(start), Optional.empty());
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
