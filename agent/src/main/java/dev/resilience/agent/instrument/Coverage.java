package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.Rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many methods each rule of the policy in force has instrumented so far: logged at start-up
 * and after every reload, and the basis of the "rule matches nothing" warning. Stateless.
 */
public final class Coverage {
    private Coverage() {
    }

    /** Rule name to instrumented methods, in file order, zeros included. */
    public static Map<String, Integer> byRule(ResilienceTransformer transformer) {
        InstalledPolicy installed = transformer.installed();
        Map<String, Integer> counts = new LinkedHashMap<>();
        // The rules' names rather than their runtimes: asking for a runtime builds it, and this runs in
        // premain, where the runtimes of rules that match nothing yet are not built (issue 8).
        for (Rule rule : installed.policy().rules()) {
            counts.put(rule.name(), 0);
        }
        List<Site> live = transformer.liveSites();
        for (Site site : live) {
            Binding binding = site.binding();
            if (binding != null && installed.owns(binding.rule())) {
                counts.put(binding.rule().name(), counts.getOrDefault(binding.rule().name(), 0) + 1);
            }
        }
        return counts;
    }

    /** {@code legacy 4 methods, unchecked 1 method, typo 0 methods}. */
    public static String describe(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "no rules";
        }
        // A loop, not a stream: the start-up summary line is built in premain (issue 8).
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(e.getKey()).append(' ').append(e.getValue()).append(e.getValue() == 1 ? " method" : " methods");
        }
        return text.toString();
    }
}
