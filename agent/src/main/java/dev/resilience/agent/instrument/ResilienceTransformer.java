package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.matching.RuleSelector;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The agent's class-file transformer. A plain {@link ClassFileTransformer} rather than Byte
 * Buddy's AgentBuilder: it rejects almost every class by name before any Byte Buddy class is
 * loaded, which is what keeps start-up cheap (see BENCHMARKS.md). It never throws: a class it
 * cannot handle is left as it was and the problem is logged once. Thread-safe.
 */
public final class ResilienceTransformer implements ClassFileTransformer {
    private volatile InstalledPolicy installed;
    private final List<Site> instrumented = new CopyOnWriteArrayList<>();
    /** Where each site id sits in {@link #instrumented}, so remembering a site is not a scan of all of them. Guarded by this. */
    private final Map<Integer, Integer> positions = new HashMap<>();
    private final InstrumentedClasses classes = new InstrumentedClasses();
    private final SeenClasses seen = new SeenClasses();
    private final List<Consumer<List<Site>>> listeners = new CopyOnWriteArrayList<>();
    /** Rules that selected a class whose loader cannot see the agent (so it was left unchanged). */
    private final Set<String> unseen = ConcurrentHashMap.newKeySet();

    public ResilienceTransformer(InstalledPolicy installed) {
        this.installed = installed;
        TestFaults.load(); // the test-only switch is read at start-up, never later
    }

    public InstalledPolicy installed() {
        return installed;
    }

    public void install(InstalledPolicy policy) {
        this.installed = policy;
    }

    /** Every site instrumented so far, including those a reload has since unbound. */
    public List<Site> sites() {
        return instrumented;
    }

    /** The sites currently instrumented: those of classes the policy in force has changed. */
    public List<Site> liveSites() {
        return classes.liveSites();
    }

    /** Whether the rule of this name selected a class the agent left unchanged because its loader cannot see the agent. */
    public boolean selectedUnseenClasses(String rule) {
        return unseen.contains(rule);
    }

    InstrumentedClasses classes() {
        return classes;
    }

    SeenClasses seen() {
        return seen;
    }

    /**
     * Tells {@code listener} about the sites of every class instrumented from now on, on the thread
     * loading that class, after its sites are bound. It must be quick and must not block or load
     * application classes; a listener that throws is reported and does not undo the instrumentation.
     */
    public void addListener(Consumer<List<Site>> listener) {
        listeners.add(listener);
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (internalName == null) {
            return null;
        }
        InstalledPolicy policy = installed;
        String className = null;
        InstrumentedClasses.Entry previous = UNREAD;
        List<Site> kept = List.of();
        List<Site> madeSites = null;
        InstrumentedClasses.Entry made = null;
        try {
            className = internalName.replace('/', '.');
            previous = classBeingRedefined == null ? null : classes.get(loader, className);
            List<RuleSelector> selected = policy.matcher().select(loader, className, classfileBuffer);
            if (!selected.isEmpty() && !AgentVisibility.sees(loader, className)) {
                for (RuleSelector rule : selected) {
                    unseen.add(rule.rule().name());
                }
                selected = List.of();
            }
            if (!selected.isEmpty()) {
                // Retransformed: the sites the class has. Loading: those of a definition of the same
                // class by another thread, whose code may be the one the JVM keeps (review: the loser's
                // record replaced the winner's, and a reload rebound sites no code calls).
                InstrumentedClasses.Entry sitesFrom = classBeingRedefined == null ? classes.get(loader, className) : previous;
                kept = sitesFrom == null ? List.of() : sitesFrom.sites();
            }
            ClassInstrumenter.Result result = selected.isEmpty() ? new ClassInstrumenter.Result(null, List.of())
                    : ClassInstrumenter.instrument(loader, className, classfileBuffer, selected, policy, kept);
            madeSites = result.sites();
            if (result.bytes() == null) {
                if (previous != null) {
                    String restored = className;
                    InstrumentedClasses.Entry was = previous;
                    classes.remove(loader, restored);
                    Retransformer.ifRefused(() -> undo(loader, restored, null, was, List.of()));
                    unbindOnceApplied(was.sites(), List.of());
                    Retransformer.changed(classBeingRedefined);
                    String line = "restored " + restored + " to its original code (no rule matches it any more)";
                    if (!Retransformer.onceApplied(() -> Retransformer.logChange(line))) {
                        AgentLog.logger().info(line);
                    }
                }
                if (!PolicyMatcher.isIgnored(className)) {
                    // Decided, and recorded as such under this policy: a class this never finishes for
                    // (a stack overflow) is in no record, and MissedClasses instruments it later.
                    seen.add(loader, className, policy.generation());
                }
                return null;
            }
            InstrumentedClasses.Entry entry = classes.put(loader, className, classfileBuffer, result.sites());
            made = entry;
            // Loops, not lambdas, here and below: this runs on the application's thread while its
            // classes load, often during start-up, where each lambda class spun costs (issue 8).
            for (Site site : result.sites()) {
                remember(site);
            }
            if (classBeingRedefined != null) {
                retransformed(loader, className, entry, previous, classBeingRedefined);
            } else {
                log(false, "instrumented ", className, result.sites());
            }
            announce(result.sites());
            CallPathWarmup.readyFor(result.sites());
            return result.bytes();
        } catch (Throwable error) {
            unrecord(loader, className, classBeingRedefined, classfileBuffer, previous, kept, madeSites, made);
            if (!(error instanceof StackOverflowError) || classBeingRedefined != null) {
                // A class loading at the end of a deep stack is not the agent's bug: MissedClasses
                // instruments it later, if a rule selects it, and says so then.
                AgentErrors.report("instrumenting " + className + " (left unchanged)", error);
            }
            return null;
        }
    }

    /** {@link #unrecord}'s {@code previous} when the failure came before the class's record was read. */
    private static final InstrumentedClasses.Entry UNREAD = new InstrumentedClasses.Entry("", new byte[0], List.of());

    /**
     * The transformation failed and returns nothing, so the class gets its original code: as it
     * loads, or, retransformed, back to its original bytes. No record may say otherwise, or
     * MissedClasses, which looks for classes in no record, would never instrument it (review: a
     * retransformation that failed left the class's record and sites in place, and the class ran
     * unprotected for good). If the JVM refuses that retransformation, the class keeps the code it
     * had, and its record and site objects come back.
     *
     * @param previous  the class's record before this retransformation (null: none), or {@link #UNREAD}
     * @param kept      the existing sites this transformation was to keep: code in place may call them
     * @param madeSites the sites this transformation made, null if it failed before they were known
     * @param made      the record this transformation made, null if it made none (or failed making it)
     */
    private void unrecord(ClassLoader loader, String className, Class<?> redefined, byte[] bytes,
                          InstrumentedClasses.Entry previous, List<Site> kept, List<Site> madeSites,
                          InstrumentedClasses.Entry made) {
        if (className == null) {
            return;
        }
        try {
            InstrumentedClasses.Entry now = classes.get(loader, className);
            InstrumentedClasses.Entry before = previous != UNREAD ? previous : redefined == null ? null : now;
            // Only a record this call made (as the class loads: one holding these very bytes, should the
            // failure have come inside put) or the one it replaces: another thread's stays.
            if (now != null && (now == made || now == before || (redefined == null && now.original() == bytes))) {
                classes.remove(loader, className);
            }
            List<Site> beforeSites = before == null ? List.of() : before.sites();
            if (madeSites != null) {
                unbindAll(madeSites, kept); // called only by the new code, which never runs
            }
            if (redefined != null && before != null) {
                unbindOnceApplied(beforeSites, List.of()); // the code that calls them is going
                Retransformer.ifRefused(() -> putBack(loader, className, before));
            }
        } catch (Throwable again) {
            // a stack overflow once more: a record may stay, and that class unprotected
        }
    }

    /**
     * The JVM refused a retransformation that failed in the transformer: the class keeps its code, so
     * its record, and each site object that code calls (one the failed transformation replaced by an
     * object of another advice kind under the same id), come back. Runs before the undo that
     * {@link #retransformed} registered, if it got that far, which then finds the record restored and
     * does nothing.
     */
    private void putBack(ClassLoader loader, String className, InstrumentedClasses.Entry record) {
        if (!classes.restore(loader, className, null, record)) {
            return; // retransformed again since, by someone else: that record is the true one
        }
        for (Site site : record.sites()) {
            if (Sites.get(site.id()) != site) {
                remember(Sites.replace(site.id(), site));
            }
        }
    }

    /** Adds a new site to {@link #sites()}, or puts it in place of the object it replaced under the same id. */
    private synchronized void remember(Site site) {
        Integer position = positions.get(site.id());
        if (position == null) {
            positions.put(site.id(), instrumented.size());
            instrumented.add(site);
        } else if (instrumented.get(position) != site) {
            instrumented.set(position, site);
        }
    }

    /**
     * The bookkeeping of a class retransformed with new code: the reload or attach line counts it, and
     * the sites it no longer has are unbound and it is logged once the JVM has put the new code in
     * place; if the JVM refuses that code, the class's old record and sites come back.
     */
    private void retransformed(ClassLoader loader, String className, InstrumentedClasses.Entry entry,
                               InstrumentedClasses.Entry previous, Class<?> type) {
        List<Site> made = entry.sites();
        Retransformer.ifRefused(() -> undo(loader, className, entry, previous, made));
        if (previous != null) {
            unbindOnceApplied(previous.sites(), made);
        }
        // Counted for the reload or attach line, which reports the classes changed, not those handed
        // to the JVM (most of which a name glob picked and whose methods no rule matches).
        Retransformer.changed(type);
        String verb = previous == null ? "instrumented " : "re-instrumented ";
        if (!Retransformer.onceApplied(() -> log(true, verb, className, made))) {
            // not this agent's reload or attach: another agent's retransformation (a mocking
            // library, an APM agent) that changed nothing of ours, routine (audit: an INFO line each time)
            log(false, verb, className, made);
        }
    }

    /**
     * The JVM refused a class's new code and kept its old: the class's record goes back to the old
     * code, a site only the new code would have called is unbound, and one whose object was replaced
     * for a new kind of advice gets its old object back, which the old code's advice expects (with its
     * old binding: the new rule's settings may need the other kind). Nothing is undone when the class
     * was retransformed again since (by another thread or agent): its record is then the true one.
     *
     * @param entry the record this transformation made, or null when it removed the class's record
     */
    private void undo(ClassLoader loader, String className, InstrumentedClasses.Entry entry, InstrumentedClasses.Entry previous,
                      List<Site> made) {
        if (!classes.restore(loader, className, entry, previous)) {
            return;
        }
        for (Site site : made) {
            Site old = null;
            for (Site before : previous == null ? List.<Site>of() : previous.sites()) {
                old = before.id() == site.id() ? before : old;
            }
            if (old == null) {
                site.bind(null);
            } else if (old != site) {
                remember(Sites.replace(site.id(), old));
            }
        }
    }

    /**
     * Unbinds the sites a retransformed class no longer has, once its new code is in place (see
     * {@link Retransformer#onceApplied}); at once for a retransformation another party asked for.
     */
    private static void unbindOnceApplied(List<Site> old, List<Site> kept) {
        if (!Retransformer.onceApplied(() -> unbindAll(old, kept))) {
            unbindAll(old, kept);
        }
    }

    /** Unbinds the sites a class no longer has: code still running their old advice then runs unprotected. */
    private static void unbindAll(List<Site> old, List<Site> kept) {
        for (Site site : old) {
            boolean stays = false;
            for (Site k : kept) {
                stays |= k.id() == site.id();
            }
            if (!stays) {
                site.bind(null);
            }
        }
    }

    private void announce(List<Site> sites) {
        for (Consumer<List<Site>> listener : listeners) {
            try {
                listener.accept(sites);
            } catch (Throwable error) {
                AgentErrors.report("a listener of instrumented methods", error);
            }
        }
    }

    /**
     * A class instrumented as it loads is logged at debug (issue 2: "each class/method as it is
     * instrumented at debug, a per-rule count at info"): an application loads hundreds of them, and
     * the per-rule counts logged after start-up say what an operator needs. One a reload or an
     * attach changed answers an operator's action, and those are few: info.
     */
    private static void log(boolean retransformed, String verb, String className, List<Site> sites) {
        AgentLogger log = AgentLog.logger();
        if (retransformed) {
            Retransformer.logChange(summary(verb, className, sites));
        } else if (log.isDebugEnabled()) {
            log.debug(summary(verb, className, sites));
        }
    }

    private static String summary(String verb, String className, List<Site> sites) {
        StringBuilder line = new StringBuilder(verb).append(className).append(':');
        for (Map.Entry<String, Integer> byRule : ClassInstrumenter.countByRule(sites).entrySet()) {
            int count = byRule.getValue();
            line.append(" rule ").append(byRule.getKey()).append(" (").append(count).append(count == 1 ? " method)" : " methods)");
        }
        return line.toString();
    }

    /** True for classes the policy cannot select whatever their content: lets retransformation skip them cheaply. */
    public static boolean neverInstrumented(String className) {
        return PolicyMatcher.isIgnored(className);
    }
}
