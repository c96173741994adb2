package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import dev.resilience.agent.policy.Section.Setting;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads, merges and checks the {@code circuitBreaker} section. Two kinds exclude each other:
 * consecutive ({@code failureThreshold}) and rate-based ({@code failureRateThreshold} and its window keys).
 */
final class BreakerSection {
    static final List<String> KEYS = List.of(
            "failureThreshold", "failureRateThreshold", "slidingWindowSize", "minimumCalls",
            "slowCallDuration", "slowCallRateThreshold", "openDuration", "halfOpenCalls", "ignoreOn", "scope");
    static final Set<String> SLOW_CALL_KEYS = Set.of("slowCallDuration", "slowCallRateThreshold");
    /** Keys that only a rate-based breaker uses; a layer setting {@code failureThreshold} drops inherited ones. */
    static final Set<String> RATE_KEYS = Set.of(
            "failureRateThreshold", "slidingWindowSize", "minimumCalls", "slowCallDuration", "slowCallRateThreshold");
    static final List<String> SCOPES = List.of("rule", "method");
    /** The window keeps one outcome per call; a larger window is memory without a better verdict. */
    static final int MAX_SLIDING_WINDOW_SIZE = 100_000;

    private static final Map<String, Object> KIND_PLACEHOLDERS = Map.of("failureThreshold", 1, "failureRateThreshold", 1.0);

    private BreakerSection() { }

    static Section builtIn() {
        BreakerSettings b = BuiltInDefaults.CIRCUIT_BREAKER;
        Map<String, Setting> s = new LinkedHashMap<>();
        s.put("failureThreshold", new Setting(b.failureThreshold(), Position.UNKNOWN, Origin.BUILT_IN));
        s.put("openDuration", new Setting(b.openDuration(), Position.UNKNOWN, Origin.BUILT_IN));
        s.put("halfOpenCalls", new Setting(b.halfOpenCalls(), Position.UNKNOWN, Origin.BUILT_IN));
        s.put("ignoreOn", new Setting(b.ignoreOn(), Position.UNKNOWN, Origin.BUILT_IN));
        s.put("scope", new Setting(b.scope(), Position.UNKNOWN, Origin.BUILT_IN));
        return Section.given(Origin.BUILT_IN, Position.UNKNOWN, s);
    }

    /** The contract's one exception to key-by-key merging: a layer naming one kind cancels the other kind it inherits. */
    /** {@link #droppedBy} for {@link Section#merge}; a named class, not a method reference, as policies are read in premain. */
    static final Function<Set<String>, Set<String>> DROPPED_BY = new Function<>() {
        @Override
        public Set<String> apply(Set<String> given) {
            return droppedBy(given);
        }
    };

    static Set<String> droppedBy(Set<String> given) {
        Set<String> dropped = new HashSet<>();
        if (given.contains("failureThreshold")) {
            dropped.addAll(RATE_KEYS);
        }
        if (given.contains("failureRateThreshold")) {
            dropped.add("failureThreshold");
        }
        return dropped;
    }

    // Plain Optional code, no lambdas, here and in the other sections: policies are read in premain,
    // where each lambda class spun at run time adds to the application's start (issue 8).
    private static Optional<BreakerSettings.Scope> scope(Optional<String> written) {
        return written.isPresent() ? Optional.of(BreakerSettings.Scope.valueOf(written.get().toUpperCase(Locale.ROOT)))
                : Optional.empty();
    }

    static Section read(Node node, String path, Origin origin, Values values) {
        if (YamlNodes.isOff(node)) {
            return Section.off(origin, YamlNodes.position(node));
        }
        if (!(node instanceof MappingNode mapping)) {
            values.fail(node, path, "a mapping such as { failureThreshold: 5, openDuration: 30s }, or `off`");
            return Section.ABSENT;
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(mapping, path, values.problems());
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            Optional<?> read = switch (e.getKey()) {
                case "failureThreshold", "minimumCalls", "halfOpenCalls" -> values.integer(value, p, 1, Integer.MAX_VALUE);
                case "slidingWindowSize" -> values.integer(value, p, 1, MAX_SLIDING_WINDOW_SIZE);
                case "failureRateThreshold", "slowCallRateThreshold" -> values.fraction(value, p, false);
                case "slowCallDuration", "openDuration" -> values.duration(value, p, false);
                case "ignoreOn" -> values.classNames(value, p);
                case "scope" -> scope(values.choice(value, p, SCOPES));
                default -> Keys.unknown(values.problems(), e.getValue(), p, "circuitBreaker", KEYS);
            };
            if (read.isEmpty() && KIND_PLACEHOLDERS.containsKey(e.getKey())) {
                // Already reported; a stand-in keeps the breaker's kind as written, so one mistake is one message.
                read = Optional.of(KIND_PLACEHOLDERS.get(e.getKey()));
            }
            if (read.isPresent()) {
                settings.put(e.getKey(), new Setting(read.get(), YamlNodes.position(value), origin));
            }
        }
        // "Exactly one kind" is judged within one mapping, before merging. A conflicting key is reported
        // and left out, so the merged checks below do not report it a second time.
        if (entries.containsKey("failureThreshold") && entries.containsKey("failureRateThreshold")) {
            NodeTuple second = later(entries.get("failureThreshold"), entries.get("failureRateThreshold"));
            values.problems().add(second.getKeyNode(), path + ": give either failureThreshold (consecutive failures)"
                    + " or failureRateThreshold (failure rate over a window), not both");
            settings.keySet().removeAll(RATE_KEYS);
            settings.remove("failureThreshold");
        } else if (entries.containsKey("failureThreshold")) {
            for (String slow : SLOW_CALL_KEYS) {
                if (entries.containsKey(slow)) {
                    values.problems().add(entries.get(slow).getKeyNode(), path + "." + slow + ": slow-call keys need a"
                            + " rate-based breaker, but this mapping sets failureThreshold; replace it by"
                            + " failureRateThreshold or remove " + slow);
                    settings.remove(slow);
                }
            }
        }
        return Section.given(origin, YamlNodes.position(node), settings);
    }

    private static NodeTuple later(NodeTuple a, NodeTuple b) {
        return YamlNodes.position(a.getKeyNode()).line() > YamlNodes.position(b.getKeyNode()).line()
                || YamlNodes.position(a.getKeyNode()).line() == YamlNodes.position(b.getKeyNode()).line()
                && YamlNodes.position(a.getKeyNode()).column() > YamlNodes.position(b.getKeyNode()).column() ? a : b;
    }

    /**
     * The effective settings, or null when the breaker is off. Keys that have no effect in the merged
     * breaker are errors when the rule wrote them; inherited ones are templates and ignored.
     */
    static BreakerSettings effective(Section s, MergedProblems.ForRule rule) {
        if (!s.isOn()) {
            return null;
        }
        Duration openDuration = s.value("openDuration");
        int halfOpenCalls = s.value("halfOpenCalls");
        List<String> ignoreOn = s.value("ignoreOn");
        BreakerSettings.Scope scope = s.value("scope");
        // Window keys in `defaults` without a rate threshold are a template for rules that choose a rate,
        // so they are judged only in the rate-based breakers they end up in; in a rule they must have an effect.
        boolean rate = s.has("failureRateThreshold");
        int window = s.has("slidingWindowSize") ? s.<Integer>value("slidingWindowSize") : BuiltInDefaults.RATE_SLIDING_WINDOW_SIZE;
        int minimumCalls = s.has("minimumCalls") ? s.<Integer>value("minimumCalls")
                : Math.min(BuiltInDefaults.RATE_MINIMUM_CALLS, window);
        if (!rate) {
            for (String key : KEYS) {
                Setting stray = s.setting(key);
                if (RATE_KEYS.contains(key) && stray != null && stray.origin() == Origin.RULE) {
                    rule.add(stray, "circuitBreaker." + key, "only a rate-based breaker uses " + key
                            + ", and this one counts consecutive failures", "; add failureRateThreshold (such as 50%)"
                            + " or remove " + key);
                }
            }
            return new BreakerSettings(BreakerSettings.Kind.CONSECUTIVE, s.value("failureThreshold"), 0, 0, 0, null, 0,
                    openDuration, halfOpenCalls, ignoreOn, scope);
        }
        checkMinimumCalls(s, rule, window, minimumCalls);
        Duration slowCallDuration = s.value("slowCallDuration");
        double slowCallRate = 0;
        if (slowCallDuration != null) {
            slowCallRate = s.has("slowCallRateThreshold") ? s.value("slowCallRateThreshold")
                    : BuiltInDefaults.SLOW_CALL_RATE_THRESHOLD;
        } else if (s.has("slowCallRateThreshold") && s.setting("slowCallRateThreshold").origin() == Origin.RULE) {
            rule.add(s.setting("slowCallRateThreshold"), "circuitBreaker.slowCallRateThreshold", "has no effect"
                    + " without slowCallDuration", "; add slowCallDuration (such as 5s) or remove it");
        }
        return new BreakerSettings(BreakerSettings.Kind.RATE, 0, s.value("failureRateThreshold"), window, minimumCalls,
                slowCallDuration, slowCallRate, openDuration, halfOpenCalls, ignoreOn, scope);
    }

    private static void checkMinimumCalls(Section s, MergedProblems.ForRule rule, int window, int minimumCalls) {
        if (minimumCalls <= window) {
            return;
        }
        Setting minimum = s.setting("minimumCalls");
        Setting windowSetting = s.setting("slidingWindowSize");
        String fix = "; the window never holds that many calls: ";
        Setting blamed = rule.blame(minimum, windowSetting, "circuitBreaker.minimumCalls", "circuitBreaker.slidingWindowSize");
        if (blamed == minimum) {
            rule.add(minimum, "circuitBreaker.minimumCalls", minimumCalls + " is more than slidingWindowSize " + window
                    + originOf(windowSetting, minimum.origin()), fix + "lower minimumCalls or raise slidingWindowSize");
        } else if (blamed == windowSetting) {
            rule.add(windowSetting, "circuitBreaker.slidingWindowSize", window + " is less than minimumCalls " + minimumCalls
                    + originOf(minimum, windowSetting.origin()), fix + "raise slidingWindowSize or lower minimumCalls");
        }
    }

    private static String originOf(Setting setting, Origin reportFor) {
        if (setting == null) {
            return " (built-in default)";
        }
        return RetrySection.origin(setting, reportFor);
    }
}
