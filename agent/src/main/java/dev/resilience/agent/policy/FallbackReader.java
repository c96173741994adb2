package dev.resilience.agent.policy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads a rule's {@code fallback}: exactly one of {@code value} or {@code method}. Rules only, never defaults. */
final class FallbackReader {
    static final List<String> KEYS = List.of("value", "method");

    private FallbackReader() { }

    static Optional<FallbackSettings> read(Node node, String path, Values values) {
        Problems problems = values.problems();
        if (!(node instanceof MappingNode mapping)) {
            return values.fail(node, path, "a mapping such as { value: \"\" } or { method: com.example.Fallbacks#name }");
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(mapping, path, problems);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                Keys.unknown(problems, e.getValue(), path + "." + e.getKey(), "fallback", KEYS);
            }
        }
        NodeTuple value = entries.get("value");
        NodeTuple method = entries.get("method");
        if (value != null && method != null) {
            problems.add(method.getKeyNode(), path + ": give either `value` or `method`, not both");
            return Optional.empty();
        }
        if (value == null && method == null) {
            problems.add(node, path + ": needs `value` (returned as is) or `method` (a static method"
                    + " com.example.Fallbacks#name)");
            return Optional.empty();
        }
        Position at = YamlNodes.position(node);
        if (value != null) {
            // Plain Optional code, no lambda: policies are read in premain (issue 8).
            Optional<Object> read = value(value.getValueNode(), path + ".value", values);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            Object v = read.get();
            return Optional.of(new FallbackSettings(FallbackSettings.Kind.VALUE, v == NULL ? null : v, null, at));
        }
        Node m = method.getValueNode();
        Optional<String> text = YamlNodes.string(m);
        if (text.isEmpty() || !isMethodReference(text.get())) {
            return values.fail(m, path + ".method", "a static method as binary.ClassName#methodName,"
                    + " such as com.example.Fallbacks#transcriptUnavailable");
        }
        String owner = text.get().substring(0, text.get().indexOf('#'));
        if (ExceptionClassCheck.missingJdkClass(owner)) {
            // fuzz audit: the exception lists were checked so, fallback classes were not
            problems.add(m, path + ".method: there is no class " + owner + " in the JDK (and only the JDK defines"
                    + " java.* classes); name a static method of one of the application's classes");
            return Optional.empty();
        }
        return Optional.of(new FallbackSettings(FallbackSettings.Kind.METHOD, null, text.get(), at));
    }

    /** Marks a fallback value of null, which Optional cannot carry. */
    private static final Object NULL = new Object();

    private static Optional<Object> value(Node node, String path, Values values) {
        String expected = "null, a string, a number, true/false, [] or {}";
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().isEmpty() ? Optional.of(List.of())
                    : values.fail(node, path, expected + " (only an empty list or map)");
        }
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().isEmpty() ? Optional.of(Map.of())
                    : values.fail(node, path, expected + " (only an empty list or map)");
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return Optional.of(NULL);
        }
        if (Tag.STR.equals(tag)) {
            return Optional.of(scalar.getValue());
        }
        if (Tag.BOOL.equals(tag)) {
            return Optional.of(scalar.getValue().equalsIgnoreCase("true"));
        }
        Optional<BigInteger> integer = YamlNodes.integer(node);
        if (integer.isPresent()) {
            if (integer.get().bitLength() < 64) {
                return Optional.of(integer.get().longValue());
            }
            return values.fail(node, path, "a number that fits a long");
        }
        Optional<Double> number = YamlNodes.number(node);
        return number.<Object>map(d -> d).or(() -> values.fail(node, path, expected));
    }

    static boolean isMethodReference(String text) {
        int hash = text.indexOf('#');
        return hash > 0 && JavaNames.isClassName(text.substring(0, hash))
                && JavaNames.isIdentifier(text.substring(hash + 1));
    }
}
