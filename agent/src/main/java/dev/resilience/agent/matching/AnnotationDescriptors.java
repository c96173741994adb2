package dev.resilience.agent.matching;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The class-file descriptors ({@code Lpkg/Name;}) of the annotation types the policy's
 * {@code annotatedWith} rules name, for a test made while the constant pool is read anyway: a
 * class can carry one of them only if its pool holds that text, and most classes hold none. Then
 * the parser skips the fields, methods and attributes that lie before the class's annotations (this
 * runs for every class the JVM loads, much of it interpreted). Immutable and thread-safe.
 */
final class AnnotationDescriptors {
    /** Every class's annotations are read: no test is made. */
    static final AnnotationDescriptors ALL = new AnnotationDescriptors(null);
    /** No class's annotations are read. */
    static final AnnotationDescriptors NONE = new AnnotationDescriptors(new byte[0][]);

    /** How many buckets {@link #hint} spreads the descriptors over: few share one, and most constants meet an empty one. */
    static final int BUCKETS = 512;

    /** Null for {@link #ALL}. */
    private final byte[][] descriptors;
    /**
     * Bit {@link #hint} set for each descriptor ({@link #BUCKETS} bits): most constants are told
     * apart by it alone, without comparing bytes (the length alone would not do:
     * {@code Ljava/lang/String;} is as long as many an annotation's descriptor).
     */
    private final long[] hints = new long[BUCKETS / 64];
    /** The descriptors by {@link #hint}; null where there is none. */
    private final byte[][][] buckets = new byte[BUCKETS][][];

    private AnnotationDescriptors(byte[][] descriptors) {
        this.descriptors = descriptors;
        if (descriptors != null) {
            for (byte[] descriptor : descriptors) {
                int hint = hint(descriptor, 0, descriptor.length);
                hints[hint >>> 6] |= 1L << hint;
                byte[][] bucket = buckets[hint];
                byte[][] grown = bucket == null ? new byte[1][] : java.util.Arrays.copyOf(bucket, bucket.length + 1);
                grown[grown.length - 1] = descriptor;
                buckets[hint] = grown;
            }
        }
    }

    /**
     * A bucket from the length, the second byte and the one before last (a descriptor has at
     * least three bytes). The parser computes it inline ({@link ClassFile}): it runs for every
     * constant of every class loaded, much of it interpreted, where a call costs more than this.
     */
    static int hint(byte[] bytes, int from, int length) {
        return ((length * 31 + bytes[from + 1]) * 31 + bytes[from + length - 2]) & (BUCKETS - 1);
    }

    /** The bits {@link #hint} gives the descriptors, 64 to a word: a constant whose bit is clear is none of them. */
    long[] hints() {
        return hints;
    }

    /**
     * For these annotation types (binary names). A name beyond ASCII is {@link #ALL}: the pool's
     * modified UTF-8 may spell it otherwise than the standard encoding, and a missed annotation
     * would leave a method unprotected.
     */
    static AnnotationDescriptors of(Collection<String> typeNames) {
        if (typeNames.isEmpty()) {
            return NONE;
        }
        byte[][] descriptors = new byte[typeNames.size()][];
        int i = 0;
        for (String name : typeNames) {
            for (int c = 0; c < name.length(); c++) {
                if (name.charAt(c) >= 0x80) {
                    return ALL;
                }
            }
            descriptors[i++] = ("L" + name.replace('.', '/') + ";").getBytes(StandardCharsets.US_ASCII);
        }
        return new AnnotationDescriptors(descriptors);
    }

    /** True when every class's annotations must be read, whatever its pool holds. */
    boolean readsAll() {
        return descriptors == null;
    }

    /** True when no class's annotations are needed. */
    boolean readsNone() {
        return descriptors != null && descriptors.length == 0;
    }

    /** True when the {@code length} bytes at {@code from} are one of the descriptors. */
    boolean contains(byte[] bytes, int from, int length) {
        if (descriptors == null || length < 3) {
            return false;
        }
        byte[][] bucket = buckets[hint(bytes, from, length)];
        if (bucket == null) {
            return false;
        }
        for (byte[] descriptor : bucket) {
            if (descriptor.length == length && java.util.Arrays.equals(bytes, from, from + length, descriptor, 0, length)) {
                return true;
            }
        }
        return false;
    }
}
