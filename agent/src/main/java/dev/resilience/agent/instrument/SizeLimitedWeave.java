package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.LimitExceededException;
import net.bytebuddy.jar.asm.MethodTooLargeException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weaves a class (with {@link HandoffPrologue} when every method hands its body off, else with
 * {@link SiteWeaver}), leaving out each method that would pass one of the JVM's limits with the
 * agent's code in it (64 KB of bytecode, 65,535 local variable slots), or ASM's limits on the work
 * of rewriting it (a method of tens of KB whose jumps the added code pushes past 32 KB, with
 * tens of thousands of local variables, has its frames computed again): the caller is told, and the
 * class's other methods are still woven. The agent and {@code explain} both ask here, so they agree
 * on which methods are left out. Stateless.
 */
public final class SizeLimitedWeave {
    private static final AgentLogger LOG = AgentLog.logger();
    private static final String CODE_LIMIT = "the JVM's limit of 64 KB per method";
    private static final String ASM_LIMIT = "the limits of ASM, the bytecode library, on the work of computing its stack map frames";
    /** Site ids that a {@code sipush} carries: the widest instruction any id is pushed with (3 bytes, as {@code ldc_w}). */
    private static final int WIDEST_IDS = 20_000;

    private SizeLimitedWeave() {
    }

    /** Told about each method left out, by its target's site id and the limit it would pass. */
    interface LeftOut {
        void method(int siteId, String limit);
    }

    /**
     * @return the woven class, or null when every target was left out
     * @throws SiteWeaver.Refused when neither rewrite takes the class (the caller uses Byte Buddy's advice)
     * @throws MethodTooLargeException when a method the weave did not touch is too large already
     */
    static byte[] weave(String className, ClassReader reader, byte[] bytes, Map<String, SiteWeaver.Target> targets,
                        LeftOut leftOut) {
        while (true) {
            try {
                if (HandoffPrologue.takes(targets)) {
                    try {
                        return HandoffPrologue.patch(reader, bytes, targets);
                    } catch (SiteWeaver.Refused refused) {
                        if (LOG.isDebugEnabled()) {
                            LOG.debug(className + ": no hand-off prologue (" + refused.getMessage() + "); the full weaver tries");
                        }
                    }
                }
                return SiteWeaver.weave(reader, targets);
            } catch (MethodTooLargeException tooLarge) {
                SiteWeaver.Target dropped = targets.remove(SiteWeaver.key(tooLarge.getMethodName(), tooLarge.getDescriptor()));
                if (dropped == null) {
                    throw tooLarge; // a method the weaver did not touch: the class was too large already
                }
                leftOut.method(dropped.id(), CODE_LIMIT);
            } catch (LimitExceededException limit) {
                List<String> past = pastAsmLimits(reader, targets);
                if (past.isEmpty()) {
                    throw limit; // not the woven methods' doing: the caller uses Byte Buddy's advice
                }
                String reason = ASM_LIMIT + " (" + limit.getMessage().toLowerCase(Locale.ROOT) + ")";
                for (String key : past) {
                    leftOut.method(targets.remove(key).id(), reason);
                }
            } catch (SiteWeaver.PastLimit past) {
                SiteWeaver.Target dropped = targets.remove(SiteWeaver.key(past.methodName, past.descriptor));
                if (dropped != null) {
                    leftOut.method(dropped.id(), past.getMessage());
                }
            }
            if (targets.isEmpty()) {
                return null;
            }
        }
    }

    /**
     * The targets to leave out so that the rest weave within ASM's limits, which it applies per
     * method but does not say which method passed: one method's growth can make ASM rewrite its
     * jumps, and then compute frames again for another with tens of thousands of local variables.
     * Targets are added one at a time (by name), each kept when the weave with those kept so far still fits.
     * Runs only once a class's weave has failed that way.
     */
    private static List<String> pastAsmLimits(ClassReader reader, Map<String, SiteWeaver.Target> targets) {
        Map<String, SiteWeaver.Target> kept = new HashMap<>();
        List<String> past = new ArrayList<>();
        try {
            SiteWeaver.weave(reader, kept);
        } catch (RuntimeException classWide) {
            return past; // the class as it is passes them (nested annotations, say): no method's doing
        }
        // In name order, not the map's: explain, whose site ids differ, must leave out the same ones.
        for (Map.Entry<String, SiteWeaver.Target> target : new java.util.TreeMap<>(targets).entrySet()) {
            kept.put(target.getKey(), target.getValue());
            try {
                SiteWeaver.weave(reader, kept);
            } catch (LimitExceededException limit) {
                kept.remove(target.getKey());
                past.add(target.getKey());
            } catch (RuntimeException otherwise) {
                // refused or past another limit: the weave that follows finds that out, as for any class
            }
        }
        return past;
    }

    /**
     * For {@code explain}: the methods of a class file that the agent would leave out, with the
     * limit each would pass; empty when all fit. The woven code holds each method's site id, whose
     * instruction takes 1 to 3 bytes depending on the id the agent hands out in the running JVM: ids
     * here take 3, the most, so a method is reported whenever some id would take it past a limit
     * (within a few bytes of it, the agent may still fit it).
     *
     * @param handoff per method ({@code name + descriptor}), whether its body is handed off
     */
    public static Map<String, String> leftOut(String className, byte[] bytes, Map<String, Boolean> handoff) {
        Map<String, SiteWeaver.Target> targets = new HashMap<>();
        String[] keys = new String[handoff.size()];
        int index = 0;
        for (Map.Entry<String, Boolean> method : handoff.entrySet()) {
            keys[index] = method.getKey();
            targets.put(method.getKey(), new SiteWeaver.Target(WIDEST_IDS + index++, method.getValue()));
        }
        Map<String, String> left = new LinkedHashMap<>();
        try {
            weave(className, new ClassReader(bytes), bytes, targets,
                    (siteId, limit) -> left.put(keys[siteId - WIDEST_IDS], limit));
        } catch (RuntimeException refused) {
            // The agent then rewrites the class with Byte Buddy's advice, without the methods left out so far.
        }
        return left;
    }
}
