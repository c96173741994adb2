package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import dev.resilience.agent.matching.DeclaredMethod;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns, once per rule and method, about a matched method declared to return a future type of the
 * application's own: the caller must get an instance of that type, which the agent cannot make, so
 * the method is protected as a synchronous call that ends when the future is returned. Without the
 * warning the rule would look in force while its retries, timeout and breaker never see how the
 * future completes.
 */
final class OwnFutureWarnings {
    private static final AgentLogger LOG = AgentLog.logger();
    /** Bounded: past it a method may be warned about again (on a reload), never kept without limit. */
    private static final int REMEMBERED = 1_000;
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private OwnFutureWarnings() {
    }

    static void check(InstalledPolicy installed, ClassLoader loader, String className, DeclaredMethod method, String rule) {
        if (!installed.matcher().returnsFutureOfItsOwn(loader, method)) {
            return;
        }
        String key = rule + ' ' + className + '#' + method.signature();
        if (SAID.contains(key) || SAID.size() < REMEMBERED && !SAID.add(key)) {
            return;
        }
        LOG.warn("rule '" + rule + "': " + className + "#" + method.signature() + " returns " + method.returnType()
                + ", a future type of its own: it is protected as a synchronous call, which ends when the future is"
                + " returned (how the future completes is not seen: no retry, timeout or breaker record for it)."
                + " Declare the return type as CompletableFuture or CompletionStage to have it protected asynchronously.");
    }
}
