package dev.resilience.agent.metrics;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.instrument.Binding;
import dev.resilience.agent.instrument.Site;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What metrics know of the instrumented methods and their breakers, built from the agent's sites
 * as they appear (classes load lazily, so sites keep arriving): one {@link MethodFigures} per rule
 * and method, one {@link BreakerView} per breaker, and the {@link MeterDef}s over them in the order
 * they were made, so each registry can bind the ones it has not seen yet. A site is filed under the
 * rule it was bound to when first seen. Thread-safe (synchronized; none of it is on a call's path).
 */
final class Inventory {
    private final Supplier<List<Site>> sites;
    private final TransitionCounter transitions;
    private final BitSet seen = new BitSet();
    private final Map<String, MethodFigures> methods = new LinkedHashMap<>();
    private final Map<String, BreakerView> breakers = new LinkedHashMap<>();
    /** Methods and breakers in the order first seen; their meters are defined when a registry asks. */
    private final List<Object> seenInOrder = new ArrayList<>();
    private int defined;
    private final List<MeterDef> meters = new ArrayList<>();

    /** @param sites every site registered so far, in id order (normally {@code Sites::all}) */
    Inventory(Supplier<List<Site>> sites, TransitionCounter transitions) {
        this.sites = sites;
        this.transitions = transitions;
    }

    /**
     * Files sites not seen before, follows breakers a reload may have replaced, gives a method the
     * duration timer a reload made its rule need, and marks breakers no method is bound to any more.
     */
    synchronized void refresh() {
        Set<String> boundBreakers = new HashSet<>();
        for (Site site : sites.get()) {
            Binding binding = site.binding();
            if (binding == null) {
                continue; // being registered right now: the next refresh files it
            }
            RuleRuntime rule = binding.rule();
            if (!seen.get(site.id())) {
                seen.set(site.id());
                String key = rule.name() + '\n' + site.qualifiedName();
                MethodFigures figures = methods.get(key);
                if (figures == null) {
                    figures = new MethodFigures(rule.name(), site.qualifiedName(), rule.measuresDurations());
                    methods.put(key, figures);
                    seenInOrder.add(figures);
                }
                figures.add(site.stats());
            }
            if (rule.measuresDurations()) {
                MethodFigures figures = methods.get(rule.name() + '\n' + site.qualifiedName());
                if (figures != null && figures.markTimed()) { // filed before a reload gave its rule a timeout
                    seenInOrder.add(new DurationOf(figures));
                }
            }
            RuleRuntime.BreakerHandle handle = binding.breaker();
            if (handle != null) {
                String label = handle.transitions().label();
                boundBreakers.add(label);
                BreakerView view = breakers.get(label);
                if (view == null) {
                    String method = handle == rule.ruleBreaker() ? MeterNames.WHOLE_RULE : site.qualifiedName();
                    view = new BreakerView(label, rule.name(), method, handle.breaker());
                    breakers.put(label, view);
                    seenInOrder.add(view);
                } else {
                    view.follow(handle.breaker());
                }
            }
        }
        for (BreakerView view : breakers.values()) {
            view.live(boundBreakers.contains(view.label()));
        }
    }

    /** A duration timer to define for a method seen before its rule measured durations. */
    private record DurationOf(MethodFigures figures) { }

    /** How many meters there are: the agent-wide ones, then those of each method and breaker seen. */
    synchronized int meterCount() {
        define();
        return meters.size();
    }

    /** The meters after the first {@code from}, in a stable order: each registry binds what it lacks. */
    synchronized List<MeterDef> meters(int from) {
        define();
        return List.copyOf(meters.subList(Math.min(from, meters.size()), meters.size()));
    }

    /** Defines the meters of what was seen since the last call; not before a registry needs them. */
    private void define() {
        if (meters.isEmpty()) {
            meters.addAll(AgentMeters.agentWide());
        }
        while (defined < seenInOrder.size()) {
            Object seen = seenInOrder.get(defined++);
            if (seen instanceof MethodFigures method) {
                meters.addAll(AgentMeters.forMethod(method));
            } else if (seen instanceof DurationOf timer) {
                if (timer.figures().claimTimer()) {
                    meters.add(AgentMeters.durationTimer(timer.figures()));
                }
            } else {
                meters.addAll(AgentMeters.forBreaker((BreakerView) seen, transitions));
            }
        }
    }

    /** Rule names of the sites seen, in the order they were first seen. */
    synchronized List<String> rules() {
        Set<String> names = new LinkedHashSet<>();
        for (MethodFigures m : methods.values()) {
            names.add(m.rule());
        }
        return List.copyOf(names);
    }

    synchronized List<String> methodsOf(String rule) {
        List<String> names = new ArrayList<>();
        for (MethodFigures m : methods.values()) {
            if (m.rule().equals(rule)) {
                names.add(m.method());
            }
        }
        return names;
    }

    /** The breakers of the rule that methods are bound to now. */
    synchronized List<BreakerView> breakersOf(String rule) {
        List<BreakerView> views = new ArrayList<>();
        for (BreakerView b : breakers.values()) {
            if (b.rule().equals(rule) && b.live()) {
                views.add(b);
            }
        }
        return views;
    }

    /** The rule's figures: the sum over its methods; opens and resets over its breakers. */
    synchronized RuleFigures figures(String rule) {
        long successes = 0;
        long failures = 0;
        long retries = 0;
        long timeouts = 0;
        long rejections = 0;
        long fallbacks = 0;
        long agentErrors = 0;
        for (MethodFigures m : methods.values()) {
            if (m.rule().equals(rule)) {
                successes += m.successes();
                failures += m.failures();
                retries += m.retries();
                timeouts += m.timeouts();
                rejections += m.rejections();
                fallbacks += m.fallbacks();
                agentErrors += m.agentErrors();
            }
        }
        Set<String> labels = new LinkedHashSet<>();
        labels.add(rule); // the rule-scoped breaker's label, even before any of its methods was seen
        for (BreakerView b : breakers.values()) { // retired ones too: their opens and resets happened
            if (b.rule().equals(rule)) {
                labels.add(b.label());
            }
        }
        long opens = 0;
        long resets = 0;
        for (String label : labels) {
            opens += transitions.opens(label);
            resets += transitions.resets(label);
        }
        return new RuleFigures(rule, successes, failures, retries, timeouts, opens, resets, rejections, fallbacks,
                agentErrors);
    }
}
