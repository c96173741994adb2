package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.matching.DeclaredMethod;

import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns, once per rule and method, about a {@code synchronized} method under a {@code mode: thread}
 * timeout: its caller always holds the monitor the body needs, so the body always runs on the
 * caller's thread, timed out as under {@code mode: interrupt}, and a read that ignores interrupts
 * holds the caller past the deadline. The README says so, but a rule that reads {@code mode: thread}
 * looked like it kept the caller's promise (audit).
 */
final class CallerThreadWarnings {
    private static final int REMEMBERED = 1_000;
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private CallerThreadWarnings() {
    }

    static void check(String className, DeclaredMethod method, RuleRuntime runtime, Site.Kind kind) {
        if (kind != Site.Kind.HANDOFF || !Modifier.isSynchronized(method.modifiers()) || !runtime.needsWorkerThread()) {
            return;
        }
        String key = runtime.name() + ' ' + className + '#' + method.signature();
        if (SAID.contains(key) || SAID.size() < REMEMBERED && !SAID.add(key)) {
            return;
        }
        AgentLog.logger().warn("rule '" + runtime.name() + "': " + className + "#" + method.signature() + " is synchronized:"
                + " its caller holds the monitor its body needs, so the body runs on the caller's thread, timed out as"
                + " under mode: interrupt (a read that ignores interrupts holds the caller past the deadline). Give the"
                + " rule mode: interrupt to say so, or protect a method that is not synchronized.");
    }
}
