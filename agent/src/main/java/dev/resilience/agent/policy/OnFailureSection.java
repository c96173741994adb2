package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import dev.resilience.agent.policy.Section.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads and checks {@code onFailure: { exception: FQCN }}. */
final class OnFailureSection {
    static final List<String> KEYS = List.of("exception");

    private OnFailureSection() { }

    static Section read(Node node, String path, Origin origin, Values values, ClassLoader jdkClasses) {
        if (YamlNodes.isOff(node)) {
            return Section.off(origin, YamlNodes.position(node));
        }
        if (!(node instanceof MappingNode mapping)) {
            values.fail(node, path, "a mapping such as { exception: java.io.UncheckedIOException }, or `off`");
            return Section.ABSENT;
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(mapping, path, values.problems());
        Setting exception = null;
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            if (!e.getKey().equals("exception")) {
                Keys.unknown(values.problems(), e.getValue(), p, "onFailure", KEYS);
                continue;
            }
            Optional<String> name = values.className(value, p);
            // Plain Optional code, no lambdas: policies are read in premain (issue 8).
            Optional<String> unusable = name.isPresent() ? ExceptionClassCheck.problem(name.get(), jdkClasses) : Optional.empty();
            if (unusable.isPresent()) {
                values.problems().add(value, p + ": " + unusable.get());
            }
            if (name.isPresent() && unusable.isEmpty()) {
                exception = new Setting(name.get(), YamlNodes.position(value), origin);
            }
        }
        if (exception == null) {
            if (!entries.containsKey("exception")) {
                values.problems().add(node, path + ": needs `exception`, the class to throw, such as java.io.UncheckedIOException");
            }
            return Section.ABSENT;
        }
        return Section.given(origin, YamlNodes.position(node), Map.of("exception", exception));
    }

    /** The effective setting (the rule's, else the one from {@code defaults}), or null. */
    static Rule.OnFailure effective(Section s) {
        if (!s.isOn()) {
            return null;
        }
        Setting exception = s.setting("exception");
        return new Rule.OnFailure((String) exception.value(), exception.position());
    }
}
