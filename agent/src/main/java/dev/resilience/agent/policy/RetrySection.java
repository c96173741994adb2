package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import dev.resilience.agent.policy.Section.Setting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads, merges and checks the {@code retry} section. */
final class RetrySection {
    static final List<String> KEYS = List.of(
            "maxAttempts", "delay", "multiplier", "maxDelay", "jitter", "retryOn", "abortOn", "budget", "onStatus");
    static final List<String> BUDGET_KEYS = List.of("ratio", "minPerSecond");

    private RetrySection() { }

    static Section builtIn() {
        RetrySettings r = BuiltInDefaults.RETRY;
        Map<String, Setting> s = new LinkedHashMap<>();
        put(s, "maxAttempts", r.maxAttempts());
        put(s, "delay", r.delay());
        put(s, "multiplier", r.multiplier());
        put(s, "maxDelay", r.maxDelay());
        put(s, "jitter", r.jitter());
        put(s, "retryOn", r.retryOn());
        put(s, "abortOn", r.abortOn());
        put(s, "budget", r.budget());
        put(s, "onStatus", r.onStatus());
        return Section.given(Origin.BUILT_IN, Position.UNKNOWN, s);
    }

    private static void put(Map<String, Setting> s, String key, Object value) {
        s.put(key, new Setting(value, Position.UNKNOWN, Origin.BUILT_IN));
    }

    /** The section as one layer writes it; after a reported problem, whatever could be read. */
    static Section read(Node node, String path, Origin origin, Values values) {
        if (YamlNodes.isOff(node)) {
            return Section.off(origin, YamlNodes.position(node));
        }
        if (!(node instanceof MappingNode mapping)) {
            values.fail(node, path, "a mapping such as { maxAttempts: 4, delay: 1s }, or `off`");
            return Section.ABSENT;
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(mapping, path, values.problems()).entrySet()) {
            String key = e.getKey();
            Node value = e.getValue().getValueNode();
            String p = path + "." + key;
            Optional<?> read = switch (key) {
                case "maxAttempts" -> values.integer(value, p, 1, Integer.MAX_VALUE);
                case "delay", "maxDelay" -> values.duration(value, p, false);
                case "multiplier" -> values.numberAtLeast(value, p, 1);
                case "jitter" -> values.fraction(value, p, true);
                case "retryOn", "abortOn" -> values.classNames(value, p);
                case "budget" -> budget(value, p, values);
                case "onStatus" -> statuses(value, p, values);
                default -> Keys.unknown(values.problems(), e.getValue(), p, "retry", KEYS);
            };
            if (read.isPresent()) { // no lambda: policies are read in premain (issue 8)
                Object v = read.get();
                settings.put(key, new Setting(v == NO_BUDGET ? null : v, YamlNodes.position(value), origin));
            }
        }
        return Section.given(origin, YamlNodes.position(node), settings);
    }

    /** {@code budget: off} in a rule cancels a budget from {@code defaults}. */
    private static final Object NO_BUDGET = new Object();

    private static Optional<Object> budget(Node node, String path, Values values) {
        if (YamlNodes.isOff(node)) {
            return Optional.of(NO_BUDGET);
        }
        if (!(node instanceof MappingNode mapping)) {
            return values.fail(node, path, "a mapping such as { ratio: 20%, minPerSecond: 5 }, or `off`");
        }
        Double ratio = null;
        int minPerSecond = BuiltInDefaults.BUDGET_MIN_PER_SECOND;
        boolean ok = true;
        for (Map.Entry<String, NodeTuple> e : YamlNodes.entries(mapping, path, values.problems()).entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            switch (e.getKey()) {
                case "ratio" -> {
                    // 0 is allowed: minPerSecond alone then decides, a budget the contract's wording admits
                    Optional<Double> r = values.fraction(value, p, true);
                    ok &= r.isPresent();
                    ratio = r.orElse(null);
                }
                case "minPerSecond" -> {
                    Optional<Integer> m = values.integer(value, p, 0, Integer.MAX_VALUE);
                    ok &= m.isPresent();
                    minPerSecond = m.orElse(0);
                }
                default -> ok &= Keys.unknown(values.problems(), e.getValue(), p, "budget", BUDGET_KEYS)
                        .isPresent();
            }
        }
        if (ratio == null && ok) {
            values.problems().add(node, path + ": needs `ratio` (the share of calls that may be retried, such as 20%)");
            return Optional.empty();
        }
        if (ok && ratio == 0 && minPerSecond == 0) {
            values.problems().add(node, path + ": ratio 0 and minPerSecond 0 allow no retry at all; write `retry: off`,"
                    + " or allow some retries");
            return Optional.empty();
        }
        return ok ? Optional.of(new RetrySettings.Budget(ratio, minPerSecond)) : Optional.empty();
    }

    private static Optional<Set<Integer>> statuses(Node node, String path, Values values) {
        if (!(node instanceof SequenceNode sequence)) {
            return values.fail(node, path, "a list of HTTP statuses such as [429, 503]");
        }
        Set<Integer> statuses = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Optional<Integer> status = values.integer(sequence.getValue().get(i), path + "[" + i + "]", 100, 599);
            ok &= status.isPresent();
            if (status.isPresent()) {
                statuses.add(status.get());
            }
        }
        return ok ? Optional.of(statuses) : Optional.empty();
    }

    /**
     * The effective settings, or null when retry is off. {@code maxDelay >= delay} is checked on the merged
     * values and reported at the one the rule wrote, else at the one it inherits from {@code defaults}.
     */
    static RetrySettings effective(Section s, MergedProblems.ForRule rule) {
        if (!s.isOn()) {
            return null;
        }
        Setting delay = s.setting("delay");
        Setting maxDelay = s.setting("maxDelay");
        Duration d = (Duration) delay.value();
        Duration max = (Duration) maxDelay.value();
        if (max.compareTo(d) < 0) {
            String fix = "; maxDelay caps every wait, so it must be >= delay: raise maxDelay or lower delay";
            Setting blamed = rule.blame(maxDelay, delay, "retry.maxDelay", "retry.delay");
            if (blamed == maxDelay) {
                rule.add(maxDelay, "retry.maxDelay", DurationFormat.format(max) + " is shorter than delay "
                        + DurationFormat.format(d) + origin(delay, maxDelay.origin()), fix);
            } else if (blamed == delay) {
                rule.add(delay, "retry.delay", DurationFormat.format(d) + " is longer than maxDelay "
                        + DurationFormat.format(max) + origin(maxDelay, delay.origin()), fix);
            }
        }
        return new RetrySettings(s.value("maxAttempts"), d, s.value("multiplier"), max, s.value("jitter"),
                s.value("retryOn"), s.value("abortOn"), s.value("budget"), s.value("onStatus"));
    }

    /** {@code " (from defaults)"} for a value another layer gave, empty for one in the reported layer. */
    static String origin(Setting setting, Origin reportFor) {
        return setting.origin() == reportFor ? "" : " (" + setting.origin().label() + ")";
    }
}
