package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the agent's own bugs go: counted per method, logged once per rule with the stack trace,
 * never thrown into the application. Thread-safe.
 */
public final class AgentErrors {
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private static final LongAdder UNATTRIBUTED = new LongAdder();

    private AgentErrors() {
    }

    /** Records an internal failure at a site; the method then runs unprotected. */
    public static void report(Site site, Throwable error) {
        try {
            site.stats().agentErrors.increment();
            Binding binding = site.binding();
            String rule = binding == null ? "?" : binding.rule().name();
            if (LOGGED.add(rule)) {
                AgentLog.logger().error("internal error in rule " + rule + " at " + site.label()
                        + "; the method ran unprotected (logged once per rule, counted in resilience.agent.errors)", error);
            }
        } catch (Throwable ignored) {
            // reporting must never fail the call either
        }
    }

    /**
     * Records a failure at a site that is not the agent's bug but a deployment's (a class the policy
     * names that cannot be loaded or initialised): counted on the method, logged once per
     * {@code what} with the reason and without a stack trace.
     */
    public static void reportUnusable(Site site, String what, Throwable error) {
        try {
            site.stats().agentErrors.increment();
            if (LOGGED.add(what)) {
                AgentLog.logger().error(what + " (" + reason(error) + "; logged once, counted in resilience.agent.errors)");
            }
        } catch (Throwable ignored) {
            // reporting must never fail the call either
        }
    }

    /** The innermost cause's class and message: what went wrong, in one line. */
    static String reason(Throwable error) {
        Throwable root = error;
        // at most 32 links: causes may form a cycle (a caused by b caused by a), which is legal
        for (int depth = 0; depth < 32 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getClass().getName() + ": " + root.getMessage();
    }

    /** Records an internal failure not tied to a site (e.g. a transformation that failed). */
    public static void report(String where, Throwable error) {
        try {
            UNATTRIBUTED.increment();
            if (LOGGED.add(where)) {
                AgentLog.logger().error("internal error in " + where + " (logged once)", error);
            }
        } catch (Throwable ignored) {
            // nothing left to do
        }
    }

    /** Internal failures not tied to one method (e.g. a class left uninstrumented), for resilience.agent.errors. */
    public static long unattributed() {
        return UNATTRIBUTED.sum();
    }
}
