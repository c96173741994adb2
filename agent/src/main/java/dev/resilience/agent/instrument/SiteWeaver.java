package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.DeclaredMethods;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites a class's selected methods with {@link WovenMethod}, on ASM alone: the class is read
 * once, its other methods are copied as they are, nothing is added to it (so it can be
 * retransformed), and no class is loaded or described to do it. Frames are never computed: the
 * original's are extended (read as the class file has them, not expanded) and the weaver writes
 * its own. Class files before Java 6, which have no stack map frames, are left to Byte Buddy's
 * advice ({@link Refused}).
 * Stateless and thread-safe.
 */
final class SiteWeaver {
    /**
     * The first class-file version with stack map frames (Java 6), which the weaver extends. A
     * Java 6 method may lack them: then the JVM verifies it by type inference instead (its
     * fallback for that version only), which the woven code passes just as well.
     */
    private static final int FIRST_WITH_FRAMES = Opcodes.V1_6;

    private SiteWeaver() {
    }

    /** What to weave into one method: its site's id and whether its body is handed off (or run asynchronously). */
    record Target(int id, boolean handoff) { }

    /** The weaver cannot rewrite this class safely; the caller rewrites it another way. Carries no stack trace. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * One method would pass a limit of the JVM's with the weaver's code in it (its local variable
     * slots); the caller leaves that method out. Carries no stack trace.
     */
    static final class PastLimit extends RuntimeException {
        final String methodName;
        final String descriptor;

        PastLimit(String methodName, String descriptor, String limit) {
            super(limit, null, false, false);
            this.methodName = methodName;
            this.descriptor = descriptor;
        }
    }

    /** The most local variable slots a method may have: {@code max_locals} is an unsigned 16-bit number. */
    private static final int MAX_LOCALS = 0xFFFF;

    /** The key of a method in the targets map. */
    static String key(String name, String descriptor) {
        return name.concat(descriptor); // one call, not a StringBuilder chain: it runs interpreted (see WovenMethod)
    }

    /**
     * @param reader  the class, read once by the caller for its methods and again here
     * @param targets by {@link #key}: the methods to weave
     * @throws Refused when some method's code is beyond what the weaver handles
     * @throws PastLimit when one method would need more local variables than the JVM allows
     */
    static byte[] weave(ClassReader reader, Map<String, Target> targets) {
        int version = reader.readUnsignedShort(6);
        if (version < (FIRST_WITH_FRAMES & 0xFFFF)) {
            throw new Refused("class file version " + version);
        }
        Map<String, Integer> maxLocals = maxLocals(reader, targets);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;

            @Override
            public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
                owner = name;
                super.visit(v, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
                String key = key(name, descriptor);
                Target site = targets.get(key);
                Integer locals = maxLocals.get(key);
                if (site == null || locals == null) {
                    return target;
                }
                WovenMethod woven = new WovenMethod(target, site, owner, access, descriptor, locals);
                if (woven.maxLocals() > MAX_LOCALS) {
                    throw new PastLimit(name, descriptor, "the JVM's limit of 65,535 local variable slots per method");
                }
                return woven;
            }
        }, 0); // frames as the class file has them: WovenMethod writes them again in full, or as "same"
        return writer.toByteArray();
    }

    /**
     * Each target method's {@code max_locals}, read from its Code attribute before the method is
     * visited: the weaver's locals go above it, and ASM only reports it after the code.
     */
    private static Map<String, Integer> maxLocals(ClassReader reader, Map<String, Target> targets) {
        char[] buffer = new char[reader.getMaxStringLength()];
        int at = DeclaredMethods.methodsStart(reader);
        int methods = reader.readUnsignedShort(at);
        at += 2;
        Map<String, Integer> found = new HashMap<>();
        for (int m = 0; m < methods; m++) {
            String key = key(reader.readUTF8(at + 2, buffer), reader.readUTF8(at + 4, buffer));
            int attributes = reader.readUnsignedShort(at + 6);
            at += 8;
            boolean wanted = targets.containsKey(key);
            for (int a = 0; a < attributes; a++) {
                int length = reader.readInt(at + 2);
                if (wanted && "Code".equals(reader.readUTF8(at, buffer))) {
                    found.put(key, reader.readUnsignedShort(at + 8)); // after max_stack
                }
                at += 6 + length;
            }
        }
        return found;
    }
}
