package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.Arrays;
import java.util.Objects;

/**
 * The stack map frames of one method {@link WovenMethod} weaves, written as the class file will
 * hold them, not expanded. The original code's frames come as the reader hands them over, most
 * relative to the one before ("same", "append", "chop"): their locals are followed in full and each
 * is written again with the weaver's locals added ({@link WovenLocals#translate}). Every frame is
 * written as "same" (with one stack item or none) when its locals are those of the frame written
 * before it, "append" or "chop" when they add or drop up to three at the end of them, in full
 * otherwise. ASM would compress expanded frames itself, but converting and comparing every local
 * of every frame was about half the cost of weaving a class while the weaver runs interpreted
 * (docs/benchmarks-history.md, eighth pass); several of the weaver's own frames repeat the locals of the one
 * before. Confined to the thread rewriting one method.
 */
final class WovenFrames {
    private final MethodVisitor out;
    private final WovenLocals locals;
    /** The original code's locals as of its last frame, in full (the arguments before its first). */
    private Object[] originalLocals;
    /** The locals of the frame written last. */
    private Object[] lastLocals;

    WovenFrames(MethodVisitor out, WovenLocals locals) {
        this.out = out;
        this.locals = locals;
        this.originalLocals = locals.arguments();
    }

    /**
     * One of the original code's frames, as {@code MethodVisitor.visitFrame} receives it.
     *
     * @throws SiteWeaver.Refused for a frame type ASM does not define
     */
    void original(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        switch (type) {
            case Opcodes.F_NEW, Opcodes.F_FULL -> originalLocals = Arrays.copyOf(local, numLocal);
            case Opcodes.F_APPEND -> {
                Object[] grown = Arrays.copyOf(originalLocals, originalLocals.length + numLocal);
                System.arraycopy(local, 0, grown, originalLocals.length, numLocal);
                originalLocals = grown;
            }
            case Opcodes.F_CHOP -> originalLocals = Arrays.copyOf(originalLocals, originalLocals.length - numLocal);
            case Opcodes.F_SAME, Opcodes.F_SAME1 -> {
                // the locals stay as they were
            }
            default -> throw new SiteWeaver.Refused("unknown frame type " + type);
        }
        write(locals.translate(originalLocals, originalLocals.length), numStack, stack);
    }

    /** One of the weaver's own frames: these locals, and one stack item or none. */
    void own(Object[] frameLocals, int numStack, Object stackTop) {
        write(frameLocals, numStack, numStack == 0 ? null : new Object[] {stackTop});
    }

    private void write(Object[] frameLocals, int numStack, Object[] stack) {
        int shared = lastLocals == null ? -1 : sharedPrefix(lastLocals, frameLocals);
        if (shared < 0 || numStack > 1) {
            out.visitFrame(Opcodes.F_FULL, frameLocals.length, frameLocals, numStack, stack);
        } else if (shared == frameLocals.length && shared == lastLocals.length) {
            out.visitFrame(numStack == 0 ? Opcodes.F_SAME : Opcodes.F_SAME1, 0, null, numStack, stack);
        } else if (numStack == 0 && shared == lastLocals.length && frameLocals.length - shared <= 3) {
            // The exit code's frames add the outcome's locals (and its temporary) after the live ones.
            out.visitFrame(Opcodes.F_APPEND, frameLocals.length - shared,
                    Arrays.copyOfRange(frameLocals, shared, frameLocals.length), 0, null);
        } else if (numStack == 0 && shared == frameLocals.length && lastLocals.length - shared <= 3) {
            out.visitFrame(Opcodes.F_CHOP, lastLocals.length - shared, null, 0, null);
        } else {
            out.visitFrame(Opcodes.F_FULL, frameLocals.length, frameLocals, numStack, stack);
        }
        lastLocals = frameLocals;
    }

    /** How many leading locals two frames share. */
    private static int sharedPrefix(Object[] a, Object[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && Objects.equals(a[i], b[i])) {
            i++;
        }
        return i;
    }
}
