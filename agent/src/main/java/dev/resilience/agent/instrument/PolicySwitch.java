package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.PolicyMatcher;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts a new policy in force in a running JVM (hot reload, or attaching again), without ever
 * wrapping a method twice: the transformer always starts from a class's original bytes.
 * <ul>
 *   <li>a class whose instrumented methods, rules and advice kinds stay the same keeps its code:
 *       only its sites' bindings are swapped, so the next call runs under the new settings;</li>
 *   <li>a class whose methods change, or whose advice must change kind (a timeout added to an
 *       inline method, {@code mode: thread} to {@code interrupt}), is retransformed;</li>
 *   <li>a loaded class the new policy may select is retransformed; one it no longer selects is
 *       retransformed back to its original code.</li>
 * </ul>
 * Callers serialise switches; the transformer may run concurrently for classes being loaded.
 */
public final class PolicySwitch {
    private PolicySwitch() {
    }

    /**
     * @param rebound       methods that kept their code and got new settings (not those whose rule is unchanged)
     * @param retransformed classes the retransformation changed (re-instrumented, newly instrumented or restored)
     */
    public record Report(int rebound, int retransformed) { }

    public static Report apply(Instrumentation instrumentation, ResilienceTransformer transformer, InstalledPolicy next) {
        transformer.install(next);
        InstrumentedClasses classes = transformer.classes();
        List<Class<?>> retransform = new ArrayList<>();
        int rebound = 0;
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            try {
                if (type.isArray() || type.isPrimitive() || PolicyMatcher.isIgnored(type.getName())) {
                    continue;
                }
                InstrumentedClasses.Entry entry = classes.get(type.getClassLoader(), type.getName());
                if (entry != null) {
                    List<ClassInstrumenter.Planned> plan = ClassInstrumenter.plan(type.getClassLoader(), type.getName(),
                            entry.original(), next);
                    if (!plan.isEmpty() && ClassInstrumenter.sameShape(entry.sites(), plan)) {
                        rebound += ClassInstrumenter.rebind(entry.sites(), plan, next);
                    } else {
                        retransform.add(type);
                    }
                } else if (instrumentation.isModifiableClass(type) && Retransformer.mayBeSelected(type, next.matcher())) {
                    retransform.add(type);
                } else if (!type.isHidden()) {
                    // Decided under the new policy too; a class defined after this scan keeps the old
                    // policy's record, and the next sweep for missed classes looks at it again.
                    transformer.seen().add(type.getClassLoader(), type.getName(), next.generation());
                }
            } catch (Throwable error) {
                AgentErrors.report("switching policy for " + type.getName(), error);
            }
        }
        int changed = Retransformer.retransform(instrumentation, retransform);
        changed += retransformStale(instrumentation, transformer, next);
        return new Report(rebound, changed);
    }

    /**
     * The fallbacks of {@code next} that do not fit a method protected now, one line each
     * ({@code FILE:LINE:COLUMN: ...}); empty when they all fit. Asked before a reload or another
     * attach puts a policy in force: such a policy would take that method's protection away, so it
     * is refused as an invalid one would be. A misfit on a method not protected now takes nothing
     * away: it is reported when the class is instrumented, as at start. Judges each instrumented
     * class by its original bytes; builds nothing.
     */
    public static List<String> fallbackMisfits(Instrumentation instrumentation, ResilienceTransformer transformer,
                                               InstalledPolicy next) {
        boolean anyFallback = false;
        for (dev.resilience.agent.policy.Rule rule : next.policy().rules()) {
            anyFallback |= rule.fallback() != null;
        }
        if (!anyFallback) {
            return List.of();
        }
        List<String> misfits = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            try {
                if (type.isArray() || type.isPrimitive() || PolicyMatcher.isIgnored(type.getName())) {
                    continue;
                }
                InstrumentedClasses.Entry entry = transformer.classes().get(type.getClassLoader(), type.getName());
                if (entry != null) {
                    misfits.addAll(ClassInstrumenter.fallbackMisfits(type.getClassLoader(), type.getName(), entry.original(),
                            next, entry.sites()));
                }
            } catch (Throwable error) {
                AgentErrors.report("checking fallbacks for " + type.getName(), error);
            }
        }
        return misfits;
    }

    /**
     * A class that was being transformed under the old policy while the switch scanned may have
     * registered its sites after the scan: bring such classes under the new policy too.
     */
    private static int retransformStale(Instrumentation instrumentation, ResilienceTransformer transformer,
                                        InstalledPolicy next) {
        Set<Integer> stale = new HashSet<>();
        for (Site site : transformer.liveSites()) {
            Binding binding = site.binding();
            if (binding == null || !next.owns(binding.rule())) {
                stale.add(site.id());
            }
        }
        if (stale.isEmpty()) {
            return 0;
        }
        List<Class<?>> again = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            InstrumentedClasses.Entry entry = type.isArray() || type.isPrimitive() ? null
                    : transformer.classes().get(type.getClassLoader(), type.getName());
            if (entry != null && entry.sites().stream().anyMatch(site -> stale.contains(site.id()))) {
                again.add(type);
            }
        }
        return Retransformer.retransform(instrumentation, again);
    }
}
