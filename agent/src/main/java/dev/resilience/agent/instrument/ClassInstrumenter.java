package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.matching.DeclaredMethods;
import dev.resilience.agent.matching.MethodSelection;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.FallbackSettings;
import dev.resilience.agent.policy.Position;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rewrites one selected class: picks its methods rule by rule (first rule in file order wins a
 * method both select, with a warning), registers a {@link Site} per method and weaves the advice
 * that fits it: a class whose methods all hand their body off gets {@link HandoffPrologue}'s
 * prologue in front of each (the cheapest rewrite), any other class the agent's own
 * {@link SiteWeaver}; code that both give up on gets Byte Buddy's {@code Advice}
 * ({@link AdviceRewrite}). All read the class file with ASM and
 * load no class; Byte Buddy's type descriptions are only made when a fallback method must be
 * checked or the weaver gave up. Adds no fields or methods, so loaded classes can be
 * retransformed. Thread-safe.
 */
public final class ClassInstrumenter {
    private static final AgentLogger LOG = AgentLog.logger();
    /**
     * Per method two rules match, the rules as last warned about (winner first): a warning is given
     * again only when that changes, as when a reload reorders the rules (audit: reordering them back
     * and forth moved the method from rule to rule without a word after the first time).
     */
    private static final Map<String, String> WARNED_OVERLAPS = new ConcurrentHashMap<>();
    private static final int MAX_WARNED_OVERLAPS = 10_000;
    private static final AtomicBoolean WEAVER_FAILED = new AtomicBoolean();

    private ClassInstrumenter() {
    }

    /**
     * What was done to one class: its new bytes (null when no method qualified), its sites, and
     * whether the agent's own weaver rewrote it (false: Byte Buddy's advice did, or nothing changed).
     */
    public record Result(byte[] bytes, List<Site> sites, boolean woven) {
        public Result(byte[] bytes, List<Site> sites) {
            this(bytes, sites, false);
        }
    }

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
        return instrument(loader, className, bytes, selectors, installed, previous, true);
    }

    /** @param weave false to rewrite with Byte Buddy's advice only (tests of that path) */
    static Result instrument(ClassLoader loader, String className, byte[] bytes, List<RuleSelector> selectors,
                             InstalledPolicy installed, List<Site> previous, boolean weave) {
        Described described = new Described(loader, className, bytes);
        ClassReader reader = new ClassReader(bytes);
        List<Planned> plan = plan(className, reader, described, selectors, installed, true, true);
        if (plan.isEmpty()) {
            return new Result(null, List.of());
        }
        List<Site> sites = new ArrayList<>();
        Map<String, SiteWeaver.Target> targets = new HashMap<>();
        for (Planned planned : plan) {
            Site site = siteFor(loader, className, planned, installed, previous);
            sites.add(site);
            DeclaredMethod method = planned.method();
            targets.put(SiteWeaver.key(method.name(), method.descriptor()),
                    new SiteWeaver.Target(site.id(), site.kind() != Site.Kind.INLINE));
        }
        if (weave) {
            try {
                byte[] woven = SizeLimitedWeave.weave(className, reader, bytes, targets, new Unprotect(sites, installed));
                logInstrumented(sites);
                return new Result(sites.isEmpty() ? null : woven, sites, true);
            } catch (SiteWeaver.Refused refused) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug(className + ": rewritten by Byte Buddy's advice (" + refused.getMessage() + ")");
                }
            } catch (RuntimeException bug) {
                // A bug of the weaver's: the class is still protected, by the other rewrite. Said once, not per class.
                if (WEAVER_FAILED.compareAndSet(false, true)) {
                    LOG.warn(className + ": the agent's weaver failed (" + bug + "); this class and any other it fails on"
                            + " are rewritten by Byte Buddy's advice instead (logged once; each at debug level)");
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug(className + ": the agent's weaver failed (" + bug + "); rewritten by Byte Buddy's advice");
                }
            }
        }
        byte[] rewritten = AdviceRewrite.rewrite(described.type(), bytes, described.pool(), sites);
        logInstrumented(sites);
        return new Result(rewritten, sites, false);
    }

    /** Leaves one method out of the weave: it runs unprotected (said at warn), its site unbound and dropped from the list. */
    private record Unprotect(List<Site> sites, InstalledPolicy installed) implements SizeLimitedWeave.LeftOut {
        @Override
        public void method(int siteId, String limit) {
            for (int i = 0; i < sites.size(); i++) {
                Site site = sites.get(i);
                if (site.id() == siteId) {
                    Binding binding = site.binding();
                    if (binding != null) {
                        installed.leftOut(binding.rule().name());
                    }
                    LOG.warn((binding == null ? "" : "rule " + binding.rule().name() + ": ") + site.qualifiedName()
                            + " is NOT instrumented: with the agent's code it would pass " + limit
                            + "; it runs unprotected. Split the method, or exclude it from the rule.");
                    site.bind(null);
                    sites.remove(i);
                    return;
                }
            }
        }
    }

    private static void logInstrumented(List<Site> sites) {
        if (LOG.isDebugEnabled()) {
            for (Site site : sites) {
                Binding binding = site.binding();
                LOG.debug("rule " + (binding == null ? "-" : binding.rule().name()) + ": instrumented " + site.qualifiedName()
                        + " (" + site.kind() + ")");
            }
        }
    }

    /**
     * The class described through a type pool, made on first use: only a fallback method's check
     * and Byte Buddy's advice need it, and describing a class is most of what loads Byte Buddy's
     * classes. Confined to the thread instrumenting the class.
     */
    private static final class Described {
        private final ClassLoader loader;
        private final String className;
        private final byte[] bytes;
        private TypePool pool;
        private TypeDescription type;

        Described(ClassLoader loader, String className, byte[] bytes) {
            this.loader = loader;
            this.className = className;
            this.bytes = bytes;
        }

        TypePool pool() {
            if (pool == null) {
                pool = TypePools.forClass(loader, className, bytes);
                type = pool.describe(className).resolve();
            }
            return pool;
        }

        TypeDescription type() {
            pool();
            return type;
        }
    }

    /** A method of a class and how a policy wraps it. */
    record Planned(DeclaredMethod method, RuleRuntime runtime, SitePlan site) { }

    /**
     * What a policy does to a class, from its original bytes, without producing any code: used on
     * reload to tell whether a class can keep its code and only needs new bindings. Methods two rules
     * now match are warned about here (a class that only gets new bindings is not instrumented
     * again); a fallback that does not fit is reported when the class is instrumented again, as it
     * then must be.
     */
    static List<Planned> plan(ClassLoader loader, String className, byte[] bytes, InstalledPolicy installed) {
        List<RuleSelector> selectors = installed.matcher().select(loader, className, bytes);
        if (selectors.isEmpty()) {
            return List.of();
        }
        return plan(className, new ClassReader(bytes), new Described(loader, className, bytes), selectors, installed,
                true, false);
    }

    private static List<Planned> plan(String className, ClassReader classFile, Described described,
                                      List<RuleSelector> selectors, InstalledPolicy installed, boolean reportOverlaps,
                                      boolean report) {
        List<Planned> plan = new ArrayList<>();
        for (MethodSelection.Selected selected : MethodSelection.select(selectors, DeclaredMethods.of(classFile))) {
            DeclaredMethod method = selected.method();
            RuleRuntime runtime = installed.runtime(selected.rule().index());
            if (reportOverlaps && !selected.others().isEmpty()) {
                warnOverlap(described.loader, className, selected);
            } else if (reportOverlaps && !WARNED_OVERLAPS.isEmpty()) {
                // an overlap that ended: if it comes back, it is warned about again
                WARNED_OVERLAPS.remove(overlapKey(described.loader, className, method));
            }
            FallbackSettings fallback = runtime.rule().fallback();
            // Only a fallback method is checked against the class's types; nothing else needs them described.
            SitePlan site = fallback != null && fallback.kind() == FallbackSettings.Kind.METHOD
                    ? SitePlan.of(method, runtime, described.type(), described.pool())
                    : SitePlan.of(method, runtime, null, null);
            if (site.fallbackProblem() != null) {
                if (report) {
                    installed.leftOut(runtime.rule().name());
                    LOG.error(misfit(installed, runtime.rule(), className, method, site.fallbackProblem())
                            + ". The method is NOT instrumented; fix the fallback or exclude the method from the rule.");
                }
                continue;
            }
            if (report) {
                OwnFutureWarnings.check(described.loader, className, method, runtime.rule().name());
                CallerThreadWarnings.check(className, method, runtime, site.kind());
            }
            plan.add(new Planned(method, runtime, site));
            for (RuleSelector other : selected.others()) {
                installed.overlapped(other.rule().name()); // the winner applies, so the others add nothing here
            }
        }
        return plan;
    }

    /** {@code FILE:LINE:COLUMN: rule 'x': fallback does not fit Class#method(...): why}, at the rule's fallback. */
    private static String misfit(InstalledPolicy installed, dev.resilience.agent.policy.Rule rule, String className,
                                 DeclaredMethod method, String problem) {
        Position at = rule.fallback().position();
        return installed.policy().source() + ":" + at.line() + ":" + at.column() + ": rule '" + rule.name()
                + "': fallback does not fit " + className + "#" + method.signature() + ": " + problem;
    }

    /**
     * The fallbacks of a policy that do not fit the methods it would select in this class among
     * those that are protected now (a bound site in {@code sites}), each as {@link #misfit}; empty
     * when they all fit. Builds nothing (no rule runtime, no site): it judges a policy before a
     * reload or attach puts it in force, against a class already instrumented.
     */
    static List<String> fallbackMisfits(ClassLoader loader, String className, byte[] bytes, InstalledPolicy installed,
                                        List<Site> sites) {
        List<RuleSelector> selectors = installed.matcher().select(loader, className, bytes);
        boolean anyFallback = false;
        for (RuleSelector selector : selectors) {
            anyFallback |= selector.rule().fallback() != null;
        }
        if (!anyFallback) {
            return List.of();
        }
        Described described = new Described(loader, className, bytes);
        List<String> misfits = new ArrayList<>();
        for (MethodSelection.Selected selected : MethodSelection.select(selectors, DeclaredMethods.of(bytes))) {
            dev.resilience.agent.policy.Rule rule = selected.rule().rule();
            FallbackSettings fallback = rule.fallback();
            if (fallback == null) {
                continue;
            }
            DeclaredMethod method = selected.method();
            Site site = find(sites, method);
            if (site == null || site.binding() == null) {
                continue; // not protected now: the policy takes nothing away from it (instrumenting reports the misfit)
            }
            boolean byMethod = fallback.kind() == FallbackSettings.Kind.METHOD;
            String problem = SitePlan.fallbackProblem(method, rule, byMethod ? described.type() : null,
                    byMethod ? described.pool() : null);
            if (problem != null) {
                misfits.add(misfit(installed, rule, className, method, problem));
            }
        }
        return misfits;
    }

    /** A method of one class in one loader (the same name in two loaders may be matched differently). */
    private static String overlapKey(ClassLoader loader, String className, DeclaredMethod method) {
        return System.identityHashCode(loader) + "/" + className + "#" + method.signature();
    }

    /** Once for each set of rules in an order (a reload that changes which rule wins is warned about again). */
    private static void warnOverlap(ClassLoader loader, String className, MethodSelection.Selected selected) {
        RuleSelector winner = selected.rule();
        StringBuilder rules = new StringBuilder(winner.rule().name());
        for (RuleSelector other : selected.others()) {
            rules.append(' ').append(other.rule().name());
        }
        String current = rules.toString();
        String key = overlapKey(loader, className, selected.method());
        // bounded (loaders come and go in a server that redeploys): past the bound a method is warned about each time
        String before = WARNED_OVERLAPS.size() < MAX_WARNED_OVERLAPS ? WARNED_OVERLAPS.put(key, current) : WARNED_OVERLAPS.get(key);
        if (!current.equals(before)) {
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

    /**
     * Binds each site to its planned rule (see {@link #sameShape}); a site whose rule object is
     * unchanged keeps its binding. Returns how many sites got a new one (the reload line's count).
     */
    static int rebind(List<Site> sites, List<Planned> plan, InstalledPolicy installed) {
        int changed = 0;
        for (Planned planned : plan) {
            Site site = find(sites, planned.method());
            Binding before = site.binding();
            Binding after = installed.rebind(site, planned.runtime(), planned.site().fallback());
            site.bind(after);
            changed += after == before ? 0 : 1;
        }
        return changed;
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
                    plan.declaresInterruptedException(), plan.returnsVoid(), loader);
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
