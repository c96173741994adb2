package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.MethodTooLargeException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weaves a class (with {@link HandoffPrologue} when every method hands its body off, else with
 * {@link SiteWeaver}), leaving out each method that would pass one of the JVM's limits with the
 * agent's code in it (64 KB of bytecode, 65,535 local variable slots): the caller is told, and the
 * class's other methods are still woven. The agent and {@code explain} both ask here, so they agree
 * on which methods are left out. Stateless.
 */
public final class SizeLimitedWeave {
    private static final AgentLogger LOG = AgentLog.logger();
    private static final String CODE_LIMIT = "the JVM's limit of 64 KB per method";
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
