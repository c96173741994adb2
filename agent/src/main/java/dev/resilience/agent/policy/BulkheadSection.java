package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import dev.resilience.agent.policy.Section.Setting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads, merges and checks the {@code bulkhead} section. Absent unless a rule or {@code defaults} gives it. */
final class BulkheadSection {
    static final List<String> KEYS = List.of("maxConcurrent", "maxWait");

    private BulkheadSection() { }

    static Section read(Node node, String path, Origin origin, Values values) {
        if (YamlNodes.isOff(node)) {
            return Section.off(origin, YamlNodes.position(node));
        }
        if (!(node instanceof MappingNode mapping)) {
            values.fail(node, path, "a mapping such as { maxConcurrent: 8, maxWait: 0ms }, or `off`");
            return Section.ABSENT;
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(mapping, path, values.problems()).entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            Optional<?> read = switch (e.getKey()) {
                case "maxConcurrent" -> values.integer(value, p, 1, Integer.MAX_VALUE);
                case "maxWait" -> values.duration(value, p, true);
                default -> Keys.unknown(values.problems(), e.getValue(), p, "bulkhead", KEYS);
            };
            // An invalid maxConcurrent is kept as null: reported once, and not again as missing.
            if (read.isPresent() || e.getKey().equals("maxConcurrent")) {
                settings.put(e.getKey(), new Setting(read.orElse(null), YamlNodes.position(value), origin));
            }
        }
        return Section.given(origin, YamlNodes.position(node), settings);
    }

    /**
     * The effective settings, or null without a bulkhead. {@code maxConcurrent} has no default; its absence
     * from the merged bulkhead is reported where the rule wrote its bulkhead, else in {@code defaults}.
     */
    static BulkheadSettings effective(Section s, MergedProblems.ForRule rule) {
        if (!s.isOn()) {
            return null;
        }
        if (!s.has("maxConcurrent")) {
            rule.add(s.origin(), s.position(), "bulkhead", "needs maxConcurrent (the calls allowed at once, an integer >= 1)", "");
            return null;
        }
        if (s.value("maxConcurrent") == null) {
            return null;
        }
        Duration maxWait = s.has("maxWait") ? s.<Duration>value("maxWait") : BuiltInDefaults.BULKHEAD_MAX_WAIT;
        return new BulkheadSettings(s.<Integer>value("maxConcurrent"), maxWait);
    }
}
