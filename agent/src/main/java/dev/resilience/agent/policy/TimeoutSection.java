package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import dev.resilience.agent.policy.Section.Setting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads, merges and checks the {@code timeout} section: {@code 30s}, {@code { duration, mode }} or {@code off}. */
final class TimeoutSection {
    static final List<String> KEYS = List.of("duration", "mode");
    static final List<String> MODES = List.of("thread", "interrupt");

    private TimeoutSection() { }

    static Section builtIn() {
        Map<String, Setting> s = new LinkedHashMap<>();
        s.put("duration", new Setting(BuiltInDefaults.TIMEOUT.duration(), Position.UNKNOWN, Origin.BUILT_IN));
        s.put("mode", new Setting(BuiltInDefaults.TIMEOUT.mode(), Position.UNKNOWN, Origin.BUILT_IN));
        return Section.given(Origin.BUILT_IN, Position.UNKNOWN, s);
    }

    static Section read(Node node, String path, Origin origin, Values values) {
        Position at = YamlNodes.position(node);
        if (YamlNodes.isOff(node)) {
            return Section.off(origin, at);
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            // The shorthand `timeout: 30s` is `timeout: { duration: 30s }`.
            // Plain Optional code, no lambdas: policies are read in premain (issue 8).
            Optional<Duration> duration = values.duration(node, path, false,
                    "a duration such as 30s, a mapping such as { duration: 30s, mode: interrupt }, or `off`");
            if (duration.isPresent()) {
                settings.put("duration", new Setting(duration.get(), at, origin));
            }
            return settings.isEmpty() ? Section.ABSENT : Section.given(origin, at, settings);
        }
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(mapping, path, values.problems()).entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            Optional<?> read = switch (e.getKey()) {
                case "duration" -> values.duration(value, p, false);
                case "mode" -> mode(values.choice(value, p, MODES));
                default -> Keys.unknown(values.problems(), e.getValue(), p, "timeout", KEYS);
            };
            if (read.isPresent()) {
                settings.put(e.getKey(), new Setting(read.get(), YamlNodes.position(value), origin));
            }
        }
        return Section.given(origin, at, settings);
    }

    private static Optional<TimeoutSettings.Mode> mode(Optional<String> written) {
        return written.isPresent() ? Optional.of(TimeoutSettings.Mode.valueOf(written.get().toUpperCase(Locale.ROOT)))
                : Optional.empty();
    }

    /** The effective settings, or null when the timeout is off. */
    static TimeoutSettings effective(Section s) {
        return s.isOn() ? new TimeoutSettings(s.value("duration"), s.value("mode")) : null;
    }
}
