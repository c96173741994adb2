package dev.resilience.agent.policy;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Small readers over the composed YAML node tree. Values are read from the text; no object is ever constructed from a tag. */
final class YamlNodes {
    private YamlNodes() { }

    static Position position(Node node) {
        // Plain code rather than Optional.map(lambda) here and below: the policy is read in premain,
        // where each lambda class spun at run time adds to the application's start.
        Optional<Mark> mark = node.getStartMark();
        return mark.isPresent() ? new Position(mark.get().getLine() + 1, mark.get().getColumn() + 1) : new Position(1, 1);
    }

    static boolean isMapping(Node node) {
        return node instanceof MappingNode;
    }

    static boolean isSequence(Node node) {
        return node instanceof SequenceNode;
    }

    /** The text of a scalar that is not {@code null}, or empty. */
    static Optional<String> text(Node node) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(node.getTag())) {
            return Optional.of(scalar.getValue());
        }
        return Optional.empty();
    }

    /** The text of a string scalar (quoted or plain, not a number, boolean or null), or empty. */
    static Optional<String> string(Node node) {
        return Tag.STR.equals(node.getTag()) ? text(node) : Optional.empty();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** True for the plain word {@code off} that switches a pattern off. */
    static boolean isOff(Node node) {
        Optional<String> text = string(node);
        return text.isPresent() && text.get().equals("off");
    }

    /** An integer scalar's value (decimal, {@code 0x..} or {@code 0o..}), or empty. */
    static Optional<BigInteger> integer(Node node) {
        if (!Tag.INT.equals(node.getTag()) || !(node instanceof ScalarNode scalar)) {
            return Optional.empty();
        }
        String text = scalar.getValue().replace("_", "");
        if (text.length() > 40) {
            // Too large for any setting, whatever the digits: not parsed, as parsing costs the square of their number.
            return Optional.of(BigInteger.TEN.pow(40));
        }
        try {
            if (text.startsWith("0x")) {
                return Optional.of(new BigInteger(text.substring(2), 16));
            }
            if (text.startsWith("0o")) {
                return Optional.of(new BigInteger(text.substring(2), 8));
            }
            return Optional.of(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A finite integer or decimal scalar's value, or empty ({@code .inf} and {@code .nan} included). */
    static Optional<Double> number(Node node) {
        Optional<BigInteger> integer = integer(node);
        if (integer.isPresent()) {
            return Optional.of(integer.get().doubleValue());
        }
        if (!Tag.FLOAT.equals(node.getTag()) || !(node instanceof ScalarNode scalar)) {
            return Optional.empty();
        }
        try {
            double value = Double.parseDouble(scalar.getValue());
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How a value reads in a message: {@code "three"}, {@code 0}, {@code a list}, {@code nothing}. */
    /**
     * {@code " (a decimal number, tagged !!float: remove the tag)"} for a whole number tagged as a float,
     * where an integer is expected (fuzz audit: "expected an integer >= 1, got 3"), else "".
     */
    static String floatTagHint(Node node) {
        if (!(node instanceof ScalarNode scalar) || !Tag.FLOAT.equals(node.getTag())) {
            return "";
        }
        String value = scalar.getValue();
        String unsigned = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        return NumberFormat.isDecimal(unsigned) && !unsigned.contains(".") ? " (a decimal number, tagged !!float: remove the tag)" : "";
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(node.getTag())) {
            return scalar.getValue().isEmpty() ? "nothing" : scalar.getValue();
        }
        String shown = scalar.getValue().length() > 60 ? scalar.getValue().substring(0, 57) + "..." : scalar.getValue();
        if (Tag.STR.equals(node.getTag())) {
            String value = scalar.getValue();
            String unsigned = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
            boolean looksLikeNumber = NumberFormat.isDecimal(unsigned) || value.equals("true") || value.equals("false");
            return '"' + shown + '"' + (!scalar.isPlain() && looksLikeNumber ? " (a quoted string: remove the quotes)" : "");
        }
        return shown;
    }

    /**
     * The entries of a mapping by key text, in file order. Keys that are not plain text and repeated keys
     * are reported and left out, so each key is judged once.
     */
    static Map<String, NodeTuple> entries(MappingNode mapping, String path, Problems problems) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            Optional<String> name = text(key);
            String where = path.isEmpty() ? "" : path + ": ";
            if (name.isEmpty() || !(key instanceof ScalarNode)) {
                problems.add(key, where + "a key must be a plain name, got " + describe(key));
            } else if (entries.containsKey(name.get())) {
                Position first = position(entries.get(name.get()).getKeyNode());
                problems.add(key, where + "duplicate key `" + name.get() + "` (first given at " + first
                        + "); keep one of them");
            } else {
                entries.put(name.get(), tuple);
            }
        }
        return entries;
    }

    /** {@code parent.key}, or just {@code key} at the top level. */
    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
