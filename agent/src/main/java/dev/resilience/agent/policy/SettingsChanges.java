package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reload changed in a rule, aspect by aspect, in the words of {@code validate --verbose}
 * ({@link PolicyDescriber}): {@code timeout 1s mode=thread -> 6s mode=thread}. The reload line
 * names it (operator audit: "legacy changed" did not say whether the edit meant was the one in
 * force). Stateless.
 */
public final class SettingsChanges {
    private SettingsChanges() { }

    /** Each aspect whose description differs, as {@code aspect before -> after}; an aspect one rule lacks reads "off". */
    public static List<String> between(Rule before, Rule after) {
        Map<String, String> was = aspects(before);
        Map<String, String> is = aspects(after);
        Map<String, Boolean> order = new LinkedHashMap<>();
        was.keySet().forEach(key -> order.put(key, true));
        is.keySet().forEach(key -> order.put(key, true));
        List<String> changes = new ArrayList<>();
        for (String aspect : order.keySet()) {
            String old = was.getOrDefault(aspect, "off");
            String now = is.getOrDefault(aspect, "off");
            if (!old.equals(now)) {
                changes.add(aspect + " " + old + " -> " + now);
            }
        }
        return changes;
    }

    private static Map<String, String> aspects(Rule rule) {
        Map<String, String> aspects = new LinkedHashMap<>();
        for (String line : PolicyDescriber.describe(rule)) {
            int colon = line.indexOf(": ");
            aspects.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return aspects;
    }
}
