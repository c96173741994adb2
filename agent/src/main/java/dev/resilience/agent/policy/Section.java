package dev.resilience.agent.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One pattern section ({@code retry}, {@code timeout}, ...) as one layer gives it: the built-in
 * defaults, {@code defaults} or a rule. Layers merge key by key into the effective section.
 * Immutable.
 *
 * @param position where the layer wrote the section (the value after {@code retry:}), for messages
 */
record Section(State state, Origin origin, Position position, Map<String, Setting> settings) {

    /** A section the layer does not mention. */
    static final Section ABSENT = new Section(State.ABSENT, Origin.BUILT_IN, Position.UNKNOWN, Map.of());

    Section {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    enum State { ABSENT, OFF, GIVEN }

    /** Which layer a value came from; post-merge checks report a problem in the layer that contributed to it. */
    enum Origin {
        BUILT_IN("built-in default"), DEFAULTS("from defaults"), RULE("in this rule");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** One value with where it was written. */
    record Setting(Object value, Position position, Origin origin) { }

    static Section off(Origin origin, Position position) {
        return new Section(State.OFF, origin, position, Map.of());
    }

    static Section given(Origin origin, Position position, Map<String, Setting> settings) {
        return new Section(State.GIVEN, origin, position, settings);
    }

    boolean isOn() {
        return state == State.GIVEN;
    }

    boolean has(String key) {
        return settings.containsKey(key);
    }

    Setting setting(String key) {
        return settings.get(key);
    }

    @SuppressWarnings("unchecked")
    <T> T value(String key) {
        Setting s = settings.get(key);
        return s == null ? null : (T) s.value();
    }

    /**
     * The effective section: rule over {@code defaults} over built-in, key by key. {@code off} in the rule
     * wins; {@code off} in {@code defaults} wins unless the rule gives the section, which then merges over
     * the built-in defaults only.
     *
     * @param dropped for the keys one layer gives, the inherited keys that layer cancels
     */
    static Section merge(Section builtIn, Section defaults, Section rule, Function<Set<String>, Set<String>> dropped) {
        if (rule.state == State.OFF) {
            return rule;
        }
        if (rule.state == State.ABSENT && defaults.state == State.OFF) {
            return defaults;
        }
        Section result = builtIn;
        if (defaults.state == State.GIVEN) {
            result = overlay(result, defaults, dropped);
        }
        if (rule.state == State.GIVEN) {
            result = overlay(result, rule, dropped);
        }
        return result;
    }

    static Section merge(Section builtIn, Section defaults, Section rule) {
        return merge(builtIn, defaults, rule, NothingDropped.INSTANCE);
    }

    /** Merging without cancelled keys. A named class, not a lambda: policies are read in premain (issue 8). */
    private static final class NothingDropped implements Function<Set<String>, Set<String>> {
        static final NothingDropped INSTANCE = new NothingDropped();

        @Override
        public Set<String> apply(Set<String> given) {
            return Set.of();
        }
    }

    private static Section overlay(Section lower, Section upper, Function<Set<String>, Set<String>> dropped) {
        Map<String, Setting> merged = new LinkedHashMap<>(lower.state == State.GIVEN ? lower.settings : Map.of());
        merged.keySet().removeAll(dropped.apply(upper.settings.keySet()));
        merged.putAll(upper.settings);
        return given(upper.origin, upper.position, merged);
    }
}
