package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
        for (RuleRuntime runtime : installed.runtimes()) {
            counts.put(runtime.name(), 0);
        }
        List<Site> live = transformer.liveSites();
        for (Site site : live) {
            Binding binding = site.binding();
            if (binding != null && installed.owns(binding.rule())) {
                counts.merge(binding.rule().name(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** {@code legacy 4 methods, unchecked 1 method, typo 0 methods}. */
    public static String describe(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "no rules";
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() + (e.getValue() == 1 ? " method" : " methods"))
                .collect(Collectors.joining(", "));
    }
}
