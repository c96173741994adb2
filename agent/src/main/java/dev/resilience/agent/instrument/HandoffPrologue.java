package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.DeclaredMethods;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a class whose selected methods all hand their body off ({@code HANDOFF} and
 * {@code ASYNC} sites) by putting {@link PrologueCode} in front of each one, working on the class
 * file's bytes: the original code is copied as it is, shifted by the prologue's length (a multiple
 * of 4); its exception table, line and local variable tables move with it, and its stack map
 * frames are copied behind the prologue's own, with the same offset deltas (only the
 * {@code new} offsets their uninitialised types hold move). New constants go at the end of the
 * pool. A Java 6 class file (version 50) may have methods without frames: the prologue's frames
 * alone then fail the type checker, and the JVM verifies the method by type inference instead, as
 * it may for that version only (Byte Buddy's advice, the other way to rewrite such a method, fares
 * the same).
 * Nothing is parsed or written that the prologue does not need, which makes this several times
 * cheaper than {@link SiteWeaver}'s ASM rewrite while it runs interpreted (issue 8), and the
 * methods stay as the compiler wrote them: their body keeps its returns and has no handler of the
 * agent's around it (a hand-off body never needs one: the agent runs it by reflection).
 * Adds no fields or methods, so the class can be retransformed.
 *
 * <p>Gives up ({@link SiteWeaver.Refused}) on what it does not rewrite safely: class files before
 * Java 6, a Code attribute it does not know (type annotations on code, which hold offsets), a
 * full constant pool; the caller then uses {@link SiteWeaver}. A method the prologue would take
 * past 64 KB is reported ({@link SiteWeaver.PastLimit}) for the caller to leave out.
 * Stateless and thread-safe.
 */
final class HandoffPrologue {
    private static final int FIRST_WITH_FRAMES = 50;

    private HandoffPrologue() {
    }

    /** True when every target hands its body off, so this rewrite can take the whole class. */
    static boolean takes(Map<String, SiteWeaver.Target> targets) {
        for (SiteWeaver.Target target : targets.values()) {
            if (!target.handoff()) {
                return false;
            }
        }
        return true;
    }

    /** A Code attribute to replace: {@code [start, end)} of the class file. */
    private record Replaced(int start, int end, ByteSink with) { }

    static byte[] patch(ClassReader reader, byte[] bytes, Map<String, SiteWeaver.Target> targets) {
        if (reader.readUnsignedShort(6) < FIRST_WITH_FRAMES) {
            throw new SiteWeaver.Refused("class file version " + reader.readUnsignedShort(6));
        }
        char[] buffer = new char[reader.getMaxStringLength()];
        int thisClass = reader.readUnsignedShort(reader.header + 2);
        ConstantPoolAppender pool = new ConstantPoolAppender(reader.getItemCount());
        List<Replaced> replaced = new ArrayList<>(targets.size());
        int at = DeclaredMethods.methodsStart(reader);
        int methods = reader.readUnsignedShort(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            int methodAt = at;
            int access = reader.readUnsignedShort(at);
            String descriptor = reader.readUTF8(at + 4, buffer);
            SiteWeaver.Target target = targets.get(SiteWeaver.key(reader.readUTF8(at + 2, buffer), descriptor));
            int attributes = reader.readUnsignedShort(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                int end = at + 6 + reader.readInt(at + 2);
                if (target != null && "Code".equals(reader.readUTF8(at, buffer))) {
                    PrologueCode prologue = new PrologueCode(target.id(), thisClass, (access & 0x0008) != 0,
                            Type.getArgumentTypes(descriptor), Type.getReturnType(descriptor), pool);
                    ByteSink code = code(reader, bytes, at, prologue, pool, buffer);
                    if (code == null) {
                        throw new SiteWeaver.PastLimit(reader.readUTF8(methodAt + 2, buffer), descriptor,
                                "the JVM's limit of 64 KB per method");
                    }
                    replaced.add(new Replaced(at, end, code));
                }
                at = end;
            }
        }
        int extra = pool.entries().length();
        for (Replaced r : replaced) {
            extra += r.with().length() - (r.end() - r.start());
        }
        ByteSink out = new ByteSink(bytes.length + extra);
        out.bytes(bytes, 0, 8).u2(pool.count()).bytes(bytes, 10, reader.header - 10).bytes(pool.entries());
        int copied = reader.header;
        for (Replaced r : replaced) {
            out.bytes(bytes, copied, r.start() - copied).bytes(r.with());
            copied = r.end();
        }
        return out.bytes(bytes, copied, bytes.length - copied).toByteArray();
    }

    /** The Code attribute at {@code at} with the prologue in front of its code; null when that passes 64 KB. */
    private static ByteSink code(ClassReader reader, byte[] bytes, int at, PrologueCode prologue, ConstantPoolAppender pool,
                                 char[] buffer) {
        int shift = prologue.length();
        int maxStack = reader.readUnsignedShort(at + 6);
        int codeLength = reader.readInt(at + 10);
        if (codeLength + shift > 0xFFFF) {
            return null; // the caller leaves the method out
        }
        int codeStart = at + 14;
        ByteSink out = new ByteSink(reader.readInt(at + 2) + shift + 64);
        out.u2(reader.readUnsignedShort(at)).u4(0) // length, set at the end
                .u2(Math.max(maxStack, PrologueCode.MAX_STACK)).u2(reader.readUnsignedShort(at + 8))
                .u4(codeLength + shift).bytes(prologue.code).bytes(bytes, codeStart, codeLength);

        int table = codeStart + codeLength;
        int handlers = reader.readUnsignedShort(table);
        boolean cast = prologue.castStart >= 0;
        out.u2(handlers + (cast ? 2 : 1));
        out.u2(0).u2(prologue.handoffEnd).u2(prologue.bodyHandler).u2(0); // catch anything
        if (cast) {
            out.u2(prologue.castStart).u2(prologue.castEnd).u2(prologue.castHandler).u2(0);
        }
        int entry = table + 2;
        for (int h = 0; h < handlers; h++, entry += 8) {
            out.u2(reader.readUnsignedShort(entry) + shift).u2(reader.readUnsignedShort(entry + 2) + shift)
                    .u2(reader.readUnsignedShort(entry + 4) + shift).u2(reader.readUnsignedShort(entry + 6));
        }

        int attributes = reader.readUnsignedShort(entry);
        int countAt = out.length();
        out.u2(0); // count, set below
        int written = 0;
        boolean framed = false;
        int a = entry + 2;
        for (int i = 0; i < attributes; i++) {
            String name = reader.readUTF8(a, buffer);
            int length = reader.readInt(a + 2);
            int body = a + 6;
            switch (name) {
                case "StackMapTable" -> {
                    int frames = reader.readUnsignedShort(body);
                    out.u2(reader.readUnsignedShort(a)).u4(length + prologue.frames.length())
                            .u2(frames + prologue.frameCount).bytes(prologue.frames);
                    // relative to the prologue's last frame, which has the initial locals: same deltas, same meaning
                    int end = frames(out, reader, body + 2, frames, shift);
                    if (end != body + length) {
                        throw new SiteWeaver.Refused("a StackMapTable attribute of the wrong length");
                    }
                    framed = true;
                }
                case "LineNumberTable" -> shifted(out, reader, a, 4, shift);
                case "LocalVariableTable", "LocalVariableTypeTable" -> shifted(out, reader, a, 10, shift);
                default -> throw new SiteWeaver.Refused("a " + name + " attribute in a method's code");
            }
            written++;
            a = body + length;
        }
        if (!framed) {
            out.u2(pool.utf8("StackMapTable")).u4(2 + prologue.frames.length()).u2(prologue.frameCount)
                    .bytes(prologue.frames);
            written++;
        }
        out.u2At(countAt, written);
        int length = out.length() - 6;
        out.u2At(2, length >>> 16);
        out.u2At(4, length);
        return out;
    }

    /**
     * Copies {@code count} stack map frames from {@code at}, moving the offset each
     * {@code Uninitialized} type holds (its {@code new} instruction's) by {@code shift}; the frames'
     * own offsets are deltas and stay. Returns the end of the frames read.
     */
    private static int frames(ByteSink out, ClassReader reader, int at, int count, int shift) {
        for (int f = 0; f < count; f++) {
            int type = reader.readByte(at++);
            out.u1(type);
            if (type < 64) {
                continue; // same_frame
            }
            if (type < 128) {
                at = verificationType(out, reader, at, shift); // same_locals_1_stack_item
                continue;
            }
            if (type < 247) {
                throw new SiteWeaver.Refused("a stack map frame of unknown type " + type);
            }
            out.u2(reader.readUnsignedShort(at)); // offset_delta
            at += 2;
            if (type == 247) {
                at = verificationType(out, reader, at, shift);
            } else if (type >= 252 && type < 255) {
                for (int i = 251; i < type; i++) {
                    at = verificationType(out, reader, at, shift); // append
                }
            } else if (type == 255) {
                for (int part = 0; part < 2; part++) { // locals, then stack
                    int items = reader.readUnsignedShort(at);
                    out.u2(items);
                    at += 2;
                    for (int i = 0; i < items; i++) {
                        at = verificationType(out, reader, at, shift);
                    }
                }
            } // chop and same_frame_extended: nothing more
        }
        return at;
    }

    private static int verificationType(ByteSink out, ClassReader reader, int at, int shift) {
        int tag = reader.readByte(at);
        out.u1(tag);
        if (tag == 7) { // Object: a constant pool index
            out.u2(reader.readUnsignedShort(at + 1));
            return at + 3;
        }
        if (tag == 8) { // Uninitialized: the offset of its new instruction
            out.u2(reader.readUnsignedShort(at + 1) + shift);
            return at + 3;
        }
        return at + 1;
    }

    /** A table of {@code u2 start_pc}-led entries of {@code size} bytes, its pcs moved by {@code shift}. */
    private static void shifted(ByteSink out, ClassReader reader, int a, int size, int shift) {
        int entries = reader.readUnsignedShort(a + 6);
        out.u2(reader.readUnsignedShort(a)).u4(reader.readInt(a + 2)).u2(entries);
        int e = a + 8;
        for (int i = 0; i < entries; i++, e += size) {
            out.u2(reader.readUnsignedShort(e) + shift);
            for (int b = 2; b < size; b += 2) {
                out.u2(reader.readUnsignedShort(e + b));
            }
        }
    }
}
