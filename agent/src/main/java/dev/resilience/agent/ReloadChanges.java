package dev.resilience.agent;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.instrument.Coverage;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.policy.SettingsChanges;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a reload changed, as its log line says it: each rule added, changed (and what became of its
 * breaker and mode), removed or unchanged, and the settings that changed. Stateless.
 */
final class ReloadChanges {
    private ReloadChanges() {
    }

    /** "; changed settings: legacy timeout 1s mode=thread -> 6s mode=thread", or nothing when no rule's settings changed. */
    static String settingsChanged(List<RuleRuntime> previousRuntimes, InstalledPolicy next) {
        List<String> parts = new ArrayList<>();
        for (RuleRuntime runtime : next.runtimes()) {
            for (RuleRuntime old : previousRuntimes) {
                if (old.name().equals(runtime.name()) && old != runtime) {
                    for (String change : SettingsChanges.between(old.rule(), runtime.rule())) {
                        parts.add(runtime.name() + " " + change);
                    }
                }
            }
        }
        if (parts.size() > Coverage.LISTED_RULES) {
            int rest = parts.size() - Coverage.LISTED_RULES;
            parts = new ArrayList<>(parts.subList(0, Coverage.LISTED_RULES));
            parts.add("and " + rest + (rest == 1 ? " more change" : " more changes") + " (validate --verbose lists each"
                    + " rule's settings)");
        }
        return parts.isEmpty() ? "" : "; changed settings: " + String.join(", ", parts);
    }

    static String changes(InstalledPolicy previous, InstalledPolicy next) {
        List<RuleRuntime> previousRuntimes = previous.runtimes();
        Set<String> before = previousRuntimes.stream().map(RuleRuntime::name).collect(Collectors.toSet());
        Set<String> after = next.runtimes().stream().map(RuleRuntime::name).collect(Collectors.toSet());
        List<String> parts = new ArrayList<>();
        for (RuleRuntime runtime : next.runtimes()) {
            String state = !before.contains(runtime.name()) ? "added"
                    : previous.owns(runtime) ? "unchanged"
                    : "changed" + modeChange(previousRuntimes, runtime) + breakerChange(previousRuntimes, runtime);
            parts.add(runtime.name() + " " + state);
        }
        previousRuntimes.stream().map(RuleRuntime::name).filter(name -> !after.contains(name))
                .forEach(name -> parts.add(name + " removed"));
        return parts.isEmpty() ? "no rules" : parts.size() <= Coverage.LISTED_RULES ? String.join(", ", parts) : shortened(parts);
    }

    /**
     * A long policy's changes, at most {@link Coverage#LISTED_RULES} named: removed rules, replaced
     * or switched-off breakers and switched modes first, as what an operator must not miss, then
     * added and otherwise changed rules (a kept breaker is the common case); unchanged ones are
     * counted.
     */
    static String shortened(List<String> parts) {
        List<String> named = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        int unchanged = 0;
        for (String part : parts) {
            if (part.endsWith(" unchanged")) {
                unchanged++;
            } else if (mustBeNamed(part)) {
                named.add(part);
            } else {
                plain.add(part);
            }
        }
        named.addAll(plain);
        List<String> shown = new ArrayList<>(named.subList(0, Math.min(named.size(), Coverage.LISTED_RULES)));
        int rest = named.size() - shown.size();
        if (rest > 0) {
            shown.add("and " + rest + (rest == 1 ? " more rule" : " more rules") + " added, changed or removed");
        }
        if (unchanged > 0) {
            shown.add(unchanged + (unchanged == 1 ? " rule unchanged" : " rules unchanged"));
        }
        return String.join(", ", shown);
    }

    /** A removed rule, a breaker replaced or switched off, a mode switched: the parts {@link #changes} words so. */
    private static boolean mustBeNamed(String part) {
        return part.endsWith(" removed") || part.contains(" replace") || part.contains("(its breaker is off now)")
                || part.contains("(mode ");
    }

    /** " (mode observe -> enforce)" when a reload switched the rule's mode (operator audit: the line did not say). */
    private static String modeChange(List<RuleRuntime> previous, RuleRuntime changed) {
        for (RuleRuntime old : previous) {
            if (old.name().equals(changed.name()) && old.observe() != changed.observe()) {
                return old.observe() ? " (mode observe -> enforce)" : " (mode enforce -> observe)";
            }
        }
        return "";
    }

    /**
     * What a changed rule's reload did to its breaker: kept (same breaker settings: an open circuit
     * stays open), replaced (and in which state it was: a CLOSED one's count of failures is gone too),
     * or switched off.
     */
    private static String breakerChange(List<RuleRuntime> previous, RuleRuntime changed) {
        if (changed.ruleBreaker() != null && changed.breakerInherited()) {
            return " (its breaker kept, " + changed.ruleBreaker().breaker().stateName() + ")";
        }
        if (changed.breakerInherited()) {
            return " (its breakers kept)";
        }
        for (RuleRuntime old : previous) {
            if (old.name().equals(changed.name()) && (old.rule().circuitBreaker() == null || changed.rule().circuitBreaker() == null)) {
                // none replaced: one added, or none kept (what was decided stops counting with the reload)
                return old.rule().circuitBreaker() == null ? "" : " (its breaker is off now)";
            }
            if (!old.name().equals(changed.name())) {
                continue;
            }
            // Both have a breaker here. With the same settings and mode it was not kept only because the rule's
            // runtime was not built when the new policy was made: nothing to say unless it was used meanwhile
            // (it read "its mode changed", which it had not).
            boolean sameSettings = old.rule().circuitBreaker().equals(changed.rule().circuitBreaker());
            boolean firstUsedDuringReload = sameSettings && old.observe() == changed.observe();
            if (firstUsedDuringReload && allClosedAndFree(old)) {
                return "";
            }
            String why = firstUsedDuringReload ? "it was first used while the policy was reloaded"
                    : sameSettings ? "its mode changed" : "its breaker settings changed";
            if (old.ruleBreaker() != null) {
                String was = old.ruleBreaker().breaker().stateName();
                // a forcing carries over to the new breaker only from a predecessor (review)
                if (old.ruleBreaker().breaker().isForced() && changed.ruleBreaker() != null && !firstUsedDuringReload) {
                    return " (" + why + ": a new breaker replaces the " + was + " one, and stays "
                            + changed.ruleBreaker().breaker().stateName() + " until an operator resets it)";
                }
                return changed.ruleBreaker() != null ? " (" + why + ": a new breaker, CLOSED, replaces the " + was + " one)"
                        : " (" + why + ": new breakers per method, CLOSED, replace the " + was + " one)";
            }
            return methodBreakersChange(old, changed, why);
        }
        return "";
    }

    /** True when every breaker of the rule is CLOSED and none is forced: replacing them loses nothing. */
    private static boolean allClosedAndFree(RuleRuntime runtime) {
        for (RuleRuntime.BreakerHandle handle : runtime.breakers()) {
            if (handle.breaker().state() != CircuitBreaker.State.CLOSED || handle.breaker().isForced()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same for {@code scope: method}: each method breaker that was not CLOSED, and what replaces
     * it (a forced one stays forced when the new breakers are per method too).
     */
    private static String methodBreakersChange(RuleRuntime old, RuleRuntime changed, String why) {
        boolean keepsForcing = changed.rule().circuitBreaker() != null && changed.ruleBreaker() == null;
        List<String> replaced = new ArrayList<>();
        old.methodBreakerStates().forEach((label, state) -> {
            if (!state.equals("CLOSED")) {
                replaced.add(label + " was " + state + (keepsForcing && state.startsWith("FORCED_")
                        ? ", stays so until an operator resets it" : ""));
            }
        });
        return " (" + why + ": new breakers, CLOSED unless forced, replace the method breakers"
                + (replaced.isEmpty() ? ", all CLOSED)" : ": " + String.join("; ", replaced) + ")");
    }
}
