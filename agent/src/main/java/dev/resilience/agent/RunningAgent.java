package dev.resilience.agent;

import dev.resilience.agent.core.TuningProperty;
import dev.resilience.agent.instrument.Coverage;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.instrument.MissedClasses;
import dev.resilience.agent.instrument.PolicySwitch;
import dev.resilience.agent.instrument.ResilienceTransformer;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.Policy;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.PolicyLoader;
import dev.resilience.agent.policy.Rule;
import dev.resilience.agent.policy.PolicyFilePermissions;
import dev.resilience.agent.reload.PolicyWatcher;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent once a policy is in force: replaces it when the policy file changes (hot reload) or
 * when the agent is attached again, and warns about rules that still match nothing once the
 * application has started. One per JVM: the agent's classes are loaded once, by the system class
 * loader, however often it is attached, so this static state survives a second {@code agentmain}.
 * Thread-safe: every change of policy is serialised on this object.
 */
final class RunningAgent {
    /** Poll interval of the policy file; a change takes effect within about this plus 100 ms. */
    static final long RELOAD_INTERVAL_MILLIS = TuningProperty.RELOAD_INTERVAL_MILLIS.value();
    /** When the application counts as started, for "matches nothing" warnings (30 s by default). */
    static final long STARTUP_CHECK_MILLIS = TuningProperty.STARTUP_CHECK_MILLIS.value();

    private static RunningAgent current;

    private final Instrumentation instrumentation;
    private final ResilienceTransformer transformer;
    private String policyPath;
    private PolicyWatcher watcher;
    private boolean started;

    private RunningAgent(Instrumentation instrumentation, ResilienceTransformer transformer) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
    }

    static synchronized RunningAgent current() {
        return current;
    }

    /** Called once the first policy is installed: starts the watcher and the start-up check. */
    static synchronized RunningAgent started(Instrumentation instrumentation, ResilienceTransformer transformer,
                                             String policyPath, boolean reload) {
        RunningAgent agent = new RunningAgent(instrumentation, transformer);
        current = agent;
        agent.watch(policyPath, reload);
        // Inner classes here and below, not method references: this runs in premain, where each
        // lambda class spun at run time adds to the application's start (issue 8).
        Thread check = new Thread(new Runnable() {
            @Override
            public void run() {
                agent.startupCheck();
            }
        }, "resilience-startup-check");
        check.setDaemon(true);
        check.start();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(null, new Runnable() {
                @Override
                public void run() {
                    agent.exitCheck();
                }
            }, "resilience-exit-check", 0, false));
        } catch (IllegalStateException shuttingDown) {
            // attached while the JVM stops: there is nothing left to warn about
        }
        return agent;
    }

    /** Attaching again: the new policy replaces the one in force. */
    synchronized void replace(Policy policy, String newPath, boolean reload) {
        instrumentMissed(); // under the policy they were missed under, and said so, rather than as a change of the new one
        InstalledPolicy next = transformer.installed().next(policy);
        if (refusedForMisfits(next, "attach rejected", policy.source())) {
            Bootstrap.status("rejected: a fallback does not fit a loaded method (see the JVM's log)");
            return;
        }
        String line = switchTo(next, "policy replaced by " + policy.source() + " (agent attached again)");
        AgentLog.logger().info(line);
        Bootstrap.status("ok: " + line);
        watch(newPath, reload);
        if (started) {
            warnUnmatched("after attaching");
        }
    }

    private void watch(String path, boolean reload) {
        if (watcher != null) {
            watcher.stop();
            watcher = null;
        }
        policyPath = path;
        if (reload) {
            watcher = new PolicyWatcher(Path.of(path), RELOAD_INTERVAL_MILLIS, new Runnable() {
                @Override
                public void run() {
                    reload();
                }
            }).start();
            AgentLog.logger().debug("watching " + path + " for changes (reload=false turns this off)");
        }
    }

    /** The watcher saw the policy file change. */
    private synchronized void reload() {
        String path = policyPath;
        Optional<String> unsafe = PolicyFilePermissions.check(Path.of(path));
        if (unsafe.isPresent()) {
            AgentLog.logger().error("policy reload refused: " + unsafe.get() + "; the policy in force stays"
                    + " (once the file is safe, its content is read again)");
            if (watcher != null) {
                watcher.awaitSafeFile();
            }
            return;
        }
        LoadResult result = PolicyLoader.load(Path.of(path), dev.resilience.agent.log.LogText.printable(path));
        if (!result.ok()) {
            // The problems exactly as at start-up and as validate prints them (the contract: "logged the
            // same way"), so one grep for FILE:LINE finds them wherever they came from; then one agent line.
            for (PolicyError error : result.errors()) {
                System.err.println(error);
            }
            AgentLog.logger().error("policy reload rejected: " + result.errors().size()
                    + (result.errors().size() == 1 ? " problem" : " problems") + " in " + path
                    + "; the last valid policy stays in force");
            return;
        }
        instrumentMissed(); // as on attaching again
        InstalledPolicy next = transformer.installed().next(result.policy());
        if (refusedForMisfits(next, "policy reload rejected", path)) {
            return;
        }
        AgentLog.logger().info(switchTo(next, "policy reloaded from " + path));
        if (started) {
            warnUnmatched("after the reload");
        }
    }

    /**
     * True (and said, as an invalid policy is) when a fallback of the policy does not fit a method of
     * a class already loaded: putting it in force would leave that method unprotected.
     */
    private boolean refusedForMisfits(InstalledPolicy next, String refusal, String path) {
        List<String> misfits = PolicySwitch.fallbackMisfits(instrumentation, transformer, next);
        if (misfits.isEmpty()) {
            return false;
        }
        for (String misfit : misfits) {
            System.err.println(misfit);
        }
        AgentLog.logger().error(refusal + ": " + misfits.size() + (misfits.size() == 1 ? " fallback does" : " fallbacks do")
                + " not fit a loaded method in " + path + "; the last valid policy stays in force");
        return true;
    }

    /** Installs a policy and describes the change in one line. */
    private String switchTo(InstalledPolicy next, String what) {
        InstalledPolicy previous = transformer.installed();
        dev.resilience.agent.metrics.AgentMetrics.fileSites(); // before removed rules' methods are unbound
        PolicySwitch.Report report = PolicySwitch.apply(instrumentation, transformer, next);
        dev.resilience.agent.metrics.AgentMetrics.refresh(); // meters and MBeans of added or rebuilt rules
        String changes = ReloadChanges.changes(previous, next); // builds every runtime of next: which breakers it took over is known
        previous.retireBreakersReplacedBy(next, transformer.liveSites());
        return what + ": " + changes
                + "; " + report.rebound() + (report.rebound() == 1 ? " method" : " methods") + " rebound, "
                + report.retransformed() + (report.retransformed() == 1 ? " class" : " classes") + " retransformed"
                + "; instrumented so far: " + Coverage.describe(Coverage.byRule(transformer))
                + ReloadChanges.settingsChanged(previous.runtimes(), next);
    }

    private void startupCheck() {
        try {
            Thread.sleep(STARTUP_CHECK_MILLIS);
            boolean reported = false;
            // A class can first load deep in a stack at any time (a rarely taken path): looked for at
            // the same pace from then on. A sweep that finds nothing logs nothing.
            while (true) {
                try {
                    synchronized (this) {
                        instrumentMissed();
                        if (!reported) {
                            reported = true;
                            started = true;
                            reportCoverage(seconds(STARTUP_CHECK_MILLIS) + " after start");
                        }
                    }
                } catch (Throwable error) {
                    // A passing OutOfMemoryError (the application's) must not end the sweeps for the JVM's
                    // lifetime: the thread died of one, silently, and no sweep ran again (audit). Reporting
                    // it may fail too, even the call (linking it needs memory): nothing may escape here.
                    try {
                        dev.resilience.agent.instrument.AgentErrors.report("the start-up check", error);
                    } catch (Throwable none) {
                        // the next round tries again
                    }
                }
                Thread.sleep(SWEEP_MILLIS);
            }
        } catch (InterruptedException e) {
            // the JVM is stopping
        }
    }

    /**
     * How often loaded classes are checked for one the transformer missed: the start-up check's delay,
     * at least a second. A check looks up each loaded class in two records (12 to 18 ms for 22,000).
     */
    private static final long SWEEP_MILLIS = Math.max(1_000, STARTUP_CHECK_MILLIS);

    /**
     * Instruments the classes the policy selects that loaded without the agent: first loaded on a
     * stack so deep that the JVM could not run its transformer. Their calls until now ran
     * unprotected; said at warn, with what to look for.
     */
    private void instrumentMissed() {
        List<String> missed;
        try {
            missed = MissedClasses.sweep(instrumentation, transformer);
        } catch (Throwable error) {
            dev.resilience.agent.instrument.AgentErrors.report("looking for classes loaded without the agent", error);
            return;
        }
        if (missed.isEmpty()) {
            return;
        }
        // One name per class, with its count of loaders: an application deployed in several loaders
        // can miss the same class in each.
        java.util.Map<String, Integer> loaders = new java.util.LinkedHashMap<>();
        for (String name : missed) {
            Integer count = loaders.get(name);
            loaders.put(name, count == null ? 1 : count + 1);
        }
        StringBuilder names = new StringBuilder();
        int listed = 0;
        for (java.util.Map.Entry<String, Integer> e : loaders.entrySet()) {
            if (listed++ == 10) {
                names.append(" and ").append(loaders.size() - 10).append(loaders.size() == 11 ? " more class" : " more classes");
                break;
            }
            names.append(names.length() == 0 ? "" : ", ").append(e.getKey())
                    .append(e.getValue() == 1 ? "" : " (in " + e.getValue() + " class loaders)");
        }
        boolean one = missed.size() == 1;
        AgentLog.logger().warn("instrumented late: " + names + (one ? ", which" : ", which all")
                + " loaded without the agent's changes (as when first loaded on a stack too deep for the JVM to run"
                + " the agent's transformer: the JDK then prints 'transform method call failed' on stderr); "
                + (one ? "its" : "their") + " calls until now ran unprotected");
    }

    /**
     * At exit, before the start-up check ran: an application that ends within its first seconds (a
     * batch job, a test) has finished starting too, and must hear what was instrumented and which
     * rules matched nothing, not miss both because the check waits 30 s.
     */
    private synchronized void exitCheck() {
        if (!started) {
            started = true;
            reportCoverage("at exit, before the " + seconds(STARTUP_CHECK_MILLIS) + " start-up check");
        }
    }

    /**
     * The methods each rule instrumented (classes are logged one by one only at debug), then the
     * rules that matched nothing.
     */
    private void reportCoverage(String when) {
        Map<String, List<String>> methods = Coverage.methodsByRule(transformer);
        AgentLog.logger().info("instrumented " + when + ": " + Coverage.describeMethods(methods));
        warnUnmatched(when, Coverage.counts(methods));
    }

    private void warnUnmatched(String when) {
        warnUnmatched(when, Coverage.byRule(transformer));
    }

    private void warnUnmatched(String when, Map<String, Integer> counts) {
        // The rules as the policy in force writes them: a runtime a reload kept holds its first Rule,
        // whose line may have moved since.
        for (Rule rule : transformer.installed().policy().rules()) {
            if (counts.getOrDefault(rule.name(), 0) == 0 && PolicyMatcher.selectsOnlyIgnored(rule.match())) {
                AgentLog.logger().warn("rule " + rule.name() + " (" + policyPath + ":" + rule.position().line() + ") names "
                        + rule.match().type() + ", in " + PolicyMatcher.NEVER_INSTRUMENTED + ": it protects nothing. Match the"
                        + " application's own class that makes the calls instead");
            } else if (counts.getOrDefault(rule.name(), 0) == 0 && transformer.selectedUnseenClasses(rule.name())) {
                AgentLog.logger().warn("rule " + rule.name() + " (" + policyPath + ":" + rule.position().line() + ") selected"
                        + " classes only through a class loader that cannot see the agent's classes (warned about"
                        + " above): they run unprotected, and it protects nothing else");
            } else if (counts.getOrDefault(rule.name(), 0) == 0 && transformer.installed().leftOutMethods(rule.name())) {
                AgentLog.logger().warn("rule " + rule.name() + " (" + policyPath + ":" + rule.position().line() + ") matched"
                        + " only methods the agent left out, each said above (a fallback that does not fit, or code past"
                        + " the JVM's limits): they run unprotected, and it protects nothing else");
            } else if (counts.getOrDefault(rule.name(), 0) == 0 && transformer.installed().lostOverlaps(rule.name())) {
                AgentLog.logger().warn("rule " + rule.name() + " (" + policyPath + ":" + rule.position().line() + ") matches"
                        + " only methods an earlier rule of the file also matches, which applies to them (warned about"
                        + " above): it adds nothing. Narrow one of the two matches");
            } else if (counts.getOrDefault(rule.name(), 0) == 0 && Coverage.instrumentedUnloadedClasses(transformer, rule.name())) {
                // (audit: an application server's undeployed application was reported as a rule matching nothing)
                AgentLog.logger().info("rule " + rule.name() + " (" + policyPath + ":" + rule.position().line() + ") protects"
                        + " no method loaded now: the classes it instrumented were unloaded (their class loader was"
                        + " collected, as when an application is undeployed); it protects them again if they load again");
            } else if (counts.getOrDefault(rule.name(), 0) == 0) {
                AgentLog.logger().warn("rule " + rule.name() + " (" + policyPath + ":" + rule.position().line()
                        + ") still matches no method " + when + " (match: " + describeMatch(rule)
                        + "): whatever it was meant to protect is unprotected. Check the names with"
                        + " java -jar resilience-agent.jar explain " + policyPath + " --classpath <the application's class path>");
            }
        }
    }

    private static String describeMatch(Rule rule) {
        String kind = switch (rule.match().kind()) {
            case CLASS -> "class";
            case SUBTYPE_OF -> "subtypeOf";
            case ANNOTATED_WITH -> "annotatedWith";
        };
        return kind + " " + rule.match().type();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
