package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.Rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many methods each rule of the policy in force has instrumented so far: logged at start-up
 * and after every reload, named once the application has started, and the basis of the "rule
 * matches nothing" warning. Stateless.
 */
public final class Coverage {
    /** The most methods a rule's summary names. */
    static final int LISTED = 10;
    /**
     * Rules named at most in one line (start-up, reload): a policy of 1,400 rules made a 30 KB line
     * (fuzz audit); {@code explain} and {@code validate --verbose} list every rule.
     */
    public static final int LISTED_RULES = 50;

    private Coverage() {
    }

    /** Rule name to instrumented methods, in file order, zeros included. */
    public static Map<String, Integer> byRule(ResilienceTransformer transformer) {
        return counts(methodsByRule(transformer));
    }

    /** The number of methods in each rule's list, in the same order. */
    public static Map<String, Integer> counts(Map<String, List<String>> methods) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : methods.entrySet()) {
            counts.put(e.getKey(), e.getValue().size());
        }
        return counts;
    }

    /**
     * Rule name to the labels ({@code LegacyClient#get(String)}) of the methods it instrumented, in
     * file order, sorted within a rule, empty lists included.
     */
    public static Map<String, List<String>> methodsByRule(ResilienceTransformer transformer) {
        InstalledPolicy installed = transformer.installed();
        Map<String, List<String>> methods = new LinkedHashMap<>();
        // The rules' names rather than their runtimes: asking for a runtime builds it, and this runs in
        // premain, where the runtimes of rules that match nothing yet are not built (issue 8).
        for (Rule rule : installed.policy().rules()) {
            methods.put(rule.name(), new ArrayList<>());
        }
        for (Site site : transformer.liveSites()) {
            Binding binding = site.binding();
            if (binding != null && installed.owns(binding.rule())) {
                List<String> labels = methods.get(binding.rule().name());
                if (labels == null) { // not expected: an owned runtime is one of the policy's rules
                    labels = new ArrayList<>();
                    methods.put(binding.rule().name(), labels);
                }
                labels.add(site.label() + QUALIFIED + site.qualifiedName()); // one method per qualified name, below
            }
        }
        for (Map.Entry<String, List<String>> e : methods.entrySet()) {
            if (e.getValue().size() > 1) {
                Collections.sort(e.getValue()); // not for none or one: sorting loads a class, and this runs in premain
            }
            e.setValue(oncePerMethod(e.getValue()));
        }
        return methods;
    }

    /** Between a label and the qualified name it is grouped by, in {@link #methodsByRule}'s working lists. */
    private static final char QUALIFIED = '\u0000';

    /**
     * The labels of sorted {@code label + QUALIFIED + qualifiedName} entries, a method that two class
     * loaders defined (an application deployed twice) named once, as {@code LegacyClient#get(String)
     * (in 2 class loaders)}: listed twice, the line read as a mistake, and the metrics count the two
     * as one method too. Methods of different classes with the same simple names stay apart.
     */
    static List<String> oncePerMethod(List<String> sorted) {
        List<String> labels = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); ) {
            String entry = sorted.get(i);
            int same = 1;
            while (i + same < sorted.size() && sorted.get(i + same).equals(entry)) {
                same++;
            }
            int end = entry.indexOf(QUALIFIED);
            String label = end < 0 ? entry : entry.substring(0, end);
            if (end >= 0 && (sharesLabel(sorted, i - 1, label) || sharesLabel(sorted, i + same, label))) {
                label = entry.substring(end + 1); // two classes with one simple name: named in full
            }
            labels.add(same == 1 ? label : label + " (in " + same + " class loaders)");
            i += same;
        }
        return labels;
    }

    /** Whether entry {@code at} exists and has {@code label} (sorted entries: a shared label is adjacent). */
    private static boolean sharesLabel(List<String> sorted, int at, String label) {
        return at >= 0 && at < sorted.size() && sorted.get(at).startsWith(label + QUALIFIED);
    }

    /**
     * Whether the rule of this name instrumented methods of a class since unloaded (its loader was
     * collected, as when an application server undeploys an application): a rule that protects
     * nothing loaded now did protect something.
     */
    public static boolean instrumentedUnloadedClasses(ResilienceTransformer transformer, String rule) {
        InstalledPolicy installed = transformer.installed();
        for (Site site : transformer.sites()) {
            Binding binding = site.binding();
            if (binding != null && installed.owns(binding.rule()) && binding.rule().name().equals(rule)
                    && site.loader() == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code legacy 2 methods (LegacyClient#get(String), LegacyClient#put(String)), typo 0 methods}:
     * the summary an operator reads once the application has started, naming at most
     * {@value #LISTED} methods a rule so that the line stays readable.
     */
    public static String describeMethods(Map<String, List<String>> methods) {
        if (methods.isEmpty()) {
            return "no rules";
        }
        StringBuilder text = new StringBuilder();
        int listed = 0;
        int restMethods = 0;
        for (Map.Entry<String, List<String>> e : methods.entrySet()) {
            List<String> labels = e.getValue();
            if (listed == LISTED_RULES) {
                restMethods += labels.size();
                continue;
            }
            listed++;
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(e.getKey()).append(' ').append(labels.size()).append(labels.size() == 1 ? " method" : " methods");
            if (!labels.isEmpty()) {
                text.append(" (").append(String.join(", ", labels.subList(0, Math.min(LISTED, labels.size()))));
                if (labels.size() > LISTED) {
                    text.append(" and ").append(labels.size() - LISTED).append(" more; log=debug lists each");
                }
                text.append(')');
            }
        }
        return withRest(text, methods.size() - LISTED_RULES, restMethods);
    }

    /** {@code legacy 4 methods, unchecked 1 method, typo 0 methods}. */
    public static String describe(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "no rules";
        }
        // A loop, not a stream: the start-up summary line is built in premain (issue 8).
        StringBuilder text = new StringBuilder();
        int listed = 0;
        int restMethods = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (listed == LISTED_RULES) {
                restMethods += e.getValue();
                continue;
            }
            listed++;
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(e.getKey()).append(' ').append(e.getValue()).append(e.getValue() == 1 ? " method" : " methods");
        }
        return withRest(text, counts.size() - LISTED_RULES, restMethods);
    }

    /** The line so far, then {@code " and 11 more rules with 3 methods"} when {@code rest} rules were left out. */
    private static String withRest(StringBuilder text, int rest, int restMethods) {
        if (rest > 0) {
            text.append(" and ").append(rest).append(rest == 1 ? " more rule with " : " more rules with ").append(restMethods)
                    .append(restMethods == 1 ? " method" : " methods");
        }
        return text.toString();
    }
}
