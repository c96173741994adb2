package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.matching.DeclaredMethods;
import dev.resilience.agent.matching.MethodSelection;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.Position;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites one selected class: picks its methods rule by rule (first rule in file order wins a
 * method both select, with a warning), registers a {@link Site} per method and inlines the advice
 * that fits it (one shared {@link net.bytebuddy.asm.Advice} per advice class, see
 * {@link SharedAdvice}). Only called for classes a rule already selected, so Byte Buddy's classes load
 * only when something matches. Adds no fields or methods, so loaded classes can be
 * retransformed. Thread-safe.
 */
public final class ClassInstrumenter {
    private static final AgentLogger LOG = AgentLog.logger();
    private static final Set<String> WARNED_OVERLAPS = ConcurrentHashMap.newKeySet();
    /** Required by the API; the disabled implementation context never names an auxiliary type. */
    private static final AuxiliaryType.NamingStrategy NO_AUXILIARY_TYPES = new AuxiliaryType.NamingStrategy.Suffixing("resilience");

    private ClassInstrumenter() {
    }

    /** What was done to one class: its new bytes (null when no method qualified) and its sites. */
    public record Result(byte[] bytes, List<Site> sites) { }

    public static Result instrument(ClassLoader loader, String className, byte[] bytes, List<RuleSelector> selectors,
                                    InstalledPolicy installed) {
        return instrument(loader, className, bytes, selectors, installed, List.of());
    }

    /**
     * @param previous the class's sites before this (re)transformation: a method that keeps its rule
     *                 keeps its site (id and counters), so a reload never resets a method's figures
     */
    static Result instrument(ClassLoader loader, String className, byte[] bytes, List<RuleSelector> selectors,
                             InstalledPolicy installed, List<Site> previous) {
        TypePool pool = TypePools.forClass(loader, className, bytes);
        TypeDescription type = pool.describe(className).resolve();
        List<Planned> plan = plan(className, type, pool, selectors, installed, true);
        if (plan.isEmpty()) {
            return new Result(null, List.of());
        }
        List<Site> sites = new ArrayList<>();
        AsmVisitorWrapper.ForDeclaredMethods advice = new AsmVisitorWrapper.ForDeclaredMethods();
        Map<String, Integer> ids = new HashMap<>();
        for (Planned planned : plan) {
            Site site = siteFor(loader, className, planned, installed, previous);
            sites.add(site);
            DeclaredMethod method = planned.method();
            ids.put(SiteIdMapping.key(method.name(), method.descriptor()), site.id());
            advice = advice.invokable(ElementMatchers.named(method.name()).and(ElementMatchers.hasDescriptor(method.descriptor())),
                    SharedAdvice.forSite(site.kind(), site.returnsVoid()));
            if (LOG.isDebugEnabled()) {
                LOG.debug("rule " + planned.runtime().name() + ": instrumented " + site.qualifiedName() + " (" + site.kind() + ")");
            }
        }
        try (SiteIdMapping.Scope ignored = SiteIdMapping.open(ids)) {
            return new Result(rewrite(type, bytes, pool, advice), sites);
        }
    }

    /**
     * Runs the class file through the advice's ASM visitors, as Byte Buddy's decoration does,
     * without its type-building machinery: nothing is added to the class and no method but the
     * advised ones changes, so the builder, type writer and method registry it would load and run
     * (a fifth of the Byte Buddy classes the first instrumented class loads) do nothing we need.
     * Frames: the advice translates the class's own and adds those of the code it inlines; they
     * are never computed, which would make ASM load classes (to find common super types) on the
     * thread that is defining this one.
     */
    private static byte[] rewrite(TypeDescription type, byte[] bytes, TypePool pool, AsmVisitorWrapper.ForDeclaredMethods advice) {
        int writerFlags = advice.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = advice.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        if ((writerFlags & ClassWriter.COMPUTE_FRAMES) != 0) {
            throw new IllegalStateException("the advice asks for computed frames, which this rewrite does not do");
        }
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        ClassFileVersion version = ClassFileVersion.ofClassFile(bytes);
        // Chosen as Byte Buddy's decoration chooses it. Only code an Implementation adds would use it,
        // and the disabled context lets none be added; the advice translates frames on its own.
        Implementation.Context.FrameGeneration frames = !version.isAtLeast(ClassFileVersion.JAVA_V6)
                ? Implementation.Context.FrameGeneration.DISABLED
                : (readerFlags & ClassReader.EXPAND_FRAMES) != 0 ? Implementation.Context.FrameGeneration.EXPAND
                : Implementation.Context.FrameGeneration.GENERATE;
        Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                NO_AUXILIARY_TYPES, TypeInitializer.None.INSTANCE, version, version, frames);
        reader.accept(advice.wrap(type, writer, context, pool, type.getDeclaredFields(), type.getDeclaredMethods(),
                writerFlags, readerFlags), readerFlags);
        return writer.toByteArray();
    }

    /** A method of a class and how a policy wraps it. */
    record Planned(DeclaredMethod method, RuleRuntime runtime, SitePlan site) { }

    /**
     * What a policy does to a class, from its original bytes, without producing any code: used on
     * reload to tell whether a class can keep its code and only needs new bindings.
     */
    static List<Planned> plan(ClassLoader loader, String className, byte[] bytes, InstalledPolicy installed) {
        List<RuleSelector> selectors = installed.matcher().select(loader, className, bytes);
        if (selectors.isEmpty()) {
            return List.of();
        }
        TypePool pool = TypePools.forClass(loader, className, bytes);
        TypeDescription type = pool.describe(className).resolve();
        return plan(className, type, pool, selectors, installed, false);
    }

    private static List<Planned> plan(String className, TypeDescription type, TypePool pool,
                                      List<RuleSelector> selectors, InstalledPolicy installed, boolean report) {
        List<Planned> plan = new ArrayList<>();
        for (MethodSelection.Selected selected : MethodSelection.select(selectors, DeclaredMethods.of(type))) {
            DeclaredMethod method = selected.method();
            RuleRuntime runtime = installed.runtime(selected.rule().index());
            if (report && !selected.others().isEmpty()) {
                warnOverlap(className, selected);
            }
            SitePlan site = SitePlan.of(method, runtime, type, pool);
            if (site.fallbackProblem() != null) {
                if (report) {
                    Position at = runtime.rule().fallback().position();
                    LOG.error(installed.policy().source() + ":" + at.line() + ":" + at.column() + ": rule '"
                            + runtime.name() + "': fallback does not fit " + className + "#" + method.signature() + ": "
                            + site.fallbackProblem()
                            + ". The method is NOT instrumented; fix the fallback or exclude the method from the rule.");
                }
                continue;
            }
            plan.add(new Planned(method, runtime, site));
        }
        return plan;
    }

    private static void warnOverlap(String className, MethodSelection.Selected selected) {
        String key = className + "#" + selected.method().signature();
        if (WARNED_OVERLAPS.add(key)) {
            RuleSelector winner = selected.rule();
            for (RuleSelector other : selected.others()) {
                LOG.warn(className + "#" + selected.method().signature() + " is matched by rules '" + winner.rule().name()
                        + "' and '" + other.rule().name() + "'; '" + winner.rule().name()
                        + "' (first in the file) applies. Narrow one rule's match.");
            }
        }
    }

    /**
     * True when a class's current sites already carry the advice the plan needs (same methods,
     * same rules by name, same kinds): the class keeps its code and only its bindings change.
     */
    static boolean sameShape(List<Site> sites, List<Planned> plan) {
        if (sites.size() != plan.size()) {
            return false;
        }
        for (Planned planned : plan) {
            Site site = find(sites, planned.method());
            if (site == null || site.kind() != planned.site().kind() || !boundTo(site, planned.runtime().name())) {
                return false;
            }
        }
        return true;
    }

    /** Binds each site to its planned rule (see {@link #sameShape}); a site whose rule object is unchanged keeps its binding. */
    static void rebind(List<Site> sites, List<Planned> plan, InstalledPolicy installed) {
        for (Planned planned : plan) {
            Site site = find(sites, planned.method());
            site.bind(installed.rebind(site, planned.runtime(), planned.site().fallback()));
        }
    }

    private static Site siteFor(ClassLoader loader, String className, Planned planned, InstalledPolicy installed,
                                List<Site> previous) {
        DeclaredMethod method = planned.method();
        SitePlan plan = planned.site();
        Site old = find(previous, method);
        Site site;
        if (old != null && boundTo(old, planned.runtime().name())) {
            // Same method, same rule: keep the id (and with it the counters); a new kind of advice
            // needs a new Site object under the same id.
            site = old.kind() == plan.kind() ? old : Sites.replace(old.id(), new Site(old, plan.kind()));
            site.bind(installed.rebind(old, planned.runtime(), plan.fallback()));
            return site;
        }
        site = Sites.register(new NewSite(className, method, plan, loader));
        site.bind(installed.bind(site, planned.runtime(), plan.fallback()));
        return site;
    }

    /** Makes a method's site under the id it is given. A named class: no lambda spun as the first class is instrumented (issue 8). */
    private record NewSite(String className, DeclaredMethod method, SitePlan plan, ClassLoader loader)
            implements java.util.function.IntFunction<Site> {
        @Override
        public Site apply(int id) {
            return new Site(id, className, method.name(), method.descriptor(),
                    method.parameterTypes().toArray(new String[0]), plan.kind(), plan.declaresIOException(),
                    plan.returnsVoid(), loader);
        }
    }

    private static boolean boundTo(Site site, String ruleName) {
        Binding binding = site.binding();
        return binding != null && binding.rule().name().equals(ruleName);
    }

    private static Site find(List<Site> sites, DeclaredMethod method) {
        for (Site site : sites) {
            if (site.methodName().equals(method.name()) && site.descriptor().equals(method.descriptor())) {
                return site;
            }
        }
        return null;
    }

    /** Counts of instrumented methods per rule name, for log summaries. */
    public static Map<String, Integer> countByRule(List<Site> sites) {
        Map<String, Integer> counts = new HashMap<>();
        for (Site site : sites) {
            Binding binding = site.binding();
            if (binding != null) {
                counts.put(binding.rule().name(), counts.getOrDefault(binding.rule().name(), 0) + 1); // no lambda (issue 8)
            }
        }
        return counts;
    }
}
