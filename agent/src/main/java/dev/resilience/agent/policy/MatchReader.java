package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a rule's {@code match}: exactly one of class / subtypeOf / annotatedWith, plus methods and exclude. */
final class MatchReader {
    static final List<String> SELECTORS = List.of("class", "subtypeOf", "annotatedWith");
    static final List<String> KEYS = List.of("class", "subtypeOf", "annotatedWith", "methods", "exclude");

    private MatchReader() { }

    static Optional<Match> read(Node node, String path, Values values) {
        Problems problems = values.problems();
        if (!(node instanceof MappingNode mapping)) {
            return values.fail(node, path, "a mapping such as { class: com.example.Client, methods: [get] }");
        }
        Match.Kind kind = null;
        String type = null;
        NodeTuple selector = null;
        List<MethodPattern> methods = List.of();
        List<MethodPattern> exclude = List.of();
        boolean ok = true;
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(mapping, path, problems).entrySet()) {
            String key = e.getKey();
            Node value = e.getValue().getValueNode();
            String p = path + "." + key;
            switch (key) {
                case "class", "subtypeOf", "annotatedWith" -> {
                    if (selector != null) {
                        problems.add(e.getValue().getKeyNode(), p + ": give only one of class, subtypeOf or annotatedWith"
                                + " (" + YamlNodes.text(selector.getKeyNode()).orElse("") + " is given at "
                                + YamlNodes.position(selector.getKeyNode()) + "); use one rule per type selector");
                        ok = false;
                        continue;
                    }
                    selector = e.getValue();
                    Optional<String> name = key.equals("class") ? classGlob(value, p, values) : values.className(value, p);
                    ok &= name.isPresent();
                    type = name.orElse(null);
                    kind = switch (key) {
                        case "class" -> Match.Kind.CLASS;
                        case "subtypeOf" -> Match.Kind.SUBTYPE_OF;
                        default -> Match.Kind.ANNOTATED_WITH;
                    };
                }
                case "methods" -> {
                    Optional<List<MethodPattern>> read = patterns(value, p, values);
                    ok &= read.isPresent();
                    methods = read.orElse(List.of());
                }
                case "exclude" -> {
                    Optional<List<MethodPattern>> read = patterns(value, p, values);
                    ok &= read.isPresent();
                    exclude = read.orElse(List.of());
                }
                default -> ok &= Keys.unknown(problems, e.getValue(), p, "match", KEYS).isPresent();
            }
        }
        if (selector == null) {
            problems.add(node, path + ": needs one of class, subtypeOf or annotatedWith, such as"
                    + " `class: com.example.OllamaClient`");
            return Optional.empty();
        }
        return ok ? Optional.of(new Match(kind, type, methods, exclude, YamlNodes.position(node))) : Optional.empty();
    }

    private static Optional<String> classGlob(Node node, String path, Values values) {
        Optional<String> text = YamlNodes.string(node);
        if (text.isEmpty() || !JavaNames.isClassGlob(text.get())) {
            return values.fail(node, path, "a binary class name or glob such as com.example.OllamaClient"
                    + " or com.example.**.*Client", text.map(JavaNames::notAClassHint).orElse(""));
        }
        return text;
    }

    private static Optional<List<MethodPattern>> patterns(Node node, String path, Values values) {
        if (!(node instanceof SequenceNode sequence)) {
            return values.fail(node, path, "a list of method patterns such as [generate, \"embed*\"]");
        }
        if (sequence.getValue().isEmpty()) {
            values.problems().add(node, path + ": an empty list names no method; leave the key out"
                    + (path.endsWith("methods") ? " to match the default method set" : ""));
            return Optional.empty();
        }
        List<MethodPattern> patterns = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            String p = path + "[" + i + "]";
            Optional<String> text = YamlNodes.string(item);
            if (text.isEmpty()) {
                values.fail(item, p, "a method pattern such as generate, \"embed*\" or \"upload(java.lang.String,byte[])\"");
                ok = false;
                continue;
            }
            try {
                patterns.add(MethodPatternParser.parse(text.get(), YamlNodes.position(item)));
            } catch (IllegalArgumentException bad) {
                values.fail(item, p, bad.getMessage());
                ok = false;
            }
        }
        return ok ? Optional.of(patterns) : Optional.empty();
    }
}
