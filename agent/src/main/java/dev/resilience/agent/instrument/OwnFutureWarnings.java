package dev.resilience.agent.instrument;

import dev.resilience.agent.core.AgentThreads;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.matching.TypeHierarchy;

import java.lang.ref.WeakReference;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warns, once per rule and method, about a matched method declared to return a future type of the
 * application's own: the caller must get an instance of that type, which the agent cannot make, so
 * the method is protected as a synchronous call that ends when the future is returned. Without the
 * warning the rule would look in force while its retries, timeout and breaker never see how the
 * future completes.
 *
 * <p>Knowing needs the return type's class file (and those above it). They are read on a thread of
 * the agent's, not on the thread loading the class, which holds the JVM's lock for it and must not
 * wait for the loader's resources; and with a {@link TypeHierarchy} of its own, so a type read
 * before its loader defined it is never taken for what the matcher knows (review: it hid supertypes
 * from {@code subtypeOf}). The warning follows within moments of the class's instrumenting.
 */
final class OwnFutureWarnings {
    private static final AgentLogger LOG = AgentLog.logger();
    /** Bounded: past it a method may be warned about again (on a reload), never kept without limit. */
    private static final int REMEMBERED = 1_000;
    /** Methods waiting to be checked at most; past it they are not checked (no warning, nothing else changes). */
    private static final int QUEUED = 1_000;
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static final Queue<Candidate> WAITING = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger WAITING_COUNT = new AtomicInteger();
    private static final AtomicBoolean CHECKING = new AtomicBoolean();
    private static final TypeHierarchy TYPES = new TypeHierarchy();

    private record Candidate(WeakReference<ClassLoader> loader, boolean bootstrap, String className, String signature,
                             String returnType, String rule) { }

    private OwnFutureWarnings() {
    }

    /** On the loading thread: cheap, reads nothing. */
    static void check(ClassLoader loader, String className, DeclaredMethod method, String rule) {
        String returned = method.returnType();
        if (returned.startsWith("java.") || DeclaredMethod.isFuture(returned) || !method.descriptor().endsWith(";")
                || returned.endsWith("[]") || SAID.contains(key(rule, className, method.signature()))) {
            return;
        }
        if (WAITING_COUNT.incrementAndGet() > QUEUED) {
            WAITING_COUNT.decrementAndGet();
            return;
        }
        WAITING.add(new Candidate(new WeakReference<>(loader), loader == null, className, method.signature(), returned, rule));
        if (CHECKING.compareAndSet(false, true)) {
            try {
                AgentThreads.daemon(OwnFutureWarnings::drain, "resilience-checks").start();
            } catch (Throwable noThread) { // no thread could be made: no warning, and the next check may try again
                CHECKING.set(false);
            }
        }
    }

    private static void drain() {
        while (true) {
            Candidate next = WAITING.poll();
            if (next == null) {
                CHECKING.set(false);
                // one added after the poll and before the flag went down started no thread: take it here
                if (WAITING.isEmpty() || !CHECKING.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            WAITING_COUNT.decrementAndGet();
            try {
                warnIfOwnFuture(next);
            } catch (Throwable bug) {
                AgentErrors.report("checking the return type of " + next.className() + "#" + next.signature(), bug);
            }
        }
    }

    private static void warnIfOwnFuture(Candidate candidate) {
        ClassLoader loader = candidate.loader().get();
        if (loader == null && !candidate.bootstrap()
                || !TYPES.supertypesOf(loader, candidate.returnType()).contains("java.util.concurrent.CompletionStage")) {
            return;
        }
        String key = key(candidate.rule(), candidate.className(), candidate.signature());
        if (SAID.contains(key) || SAID.size() < REMEMBERED && !SAID.add(key)) {
            return;
        }
        LOG.warn("rule '" + candidate.rule() + "': " + candidate.className() + "#" + candidate.signature() + " returns "
                + candidate.returnType() + ", a future type of its own: it is protected as a synchronous call, which ends"
                + " when the future is returned (how the future completes is not seen: no retry, timeout or breaker"
                + " record for it). Declare the return type as CompletableFuture or CompletionStage to have it protected"
                + " asynchronously.");
    }

    private static String key(String rule, String className, String signature) {
        return rule + ' ' + className + '#' + signature;
    }
}
