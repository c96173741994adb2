package dev.resilience.agent.matching;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The few facts the matcher needs from a class file (access flags, super class, interfaces,
 * class-level annotations), read straight from the bytes, so deciding that a class is not ours
 * loads no class and touches no Byte Buddy code. Names are binary names with dots. Immutable.
 */
public record ClassFile(int access, String name, String superName, List<String> interfaces, List<String> annotations) {
    static final int ACC_INTERFACE = 0x0200;
    static final int ACC_ABSTRACT = 0x0400;
    static final int ACC_ANNOTATION = 0x2000;
    static final int ACC_ENUM = 0x4000;
    static final int ACC_MODULE = 0x8000;

    public boolean isInterface() {
        return (access & ACC_INTERFACE) != 0;
    }

    public boolean isAbstract() {
        return (access & ACC_ABSTRACT) != 0;
    }

    /**
     * Parses the header and class attributes.
     *
     * @throws IllegalArgumentException when the bytes are not a class file this parser understands
     */
    public static ClassFile parse(byte[] bytes) {
        return parse(bytes, null, true);
    }

    /**
     * Parses only what a caller needs, for the paths that run on every class the JVM loads: the
     * name when it is not already known, and the annotations, which lie past every field and
     * method, only when asked for (an empty list otherwise).
     *
     * @param knownName the class's binary name, when the caller knows it (the JVM tells a
     *                  transformer); null to read it from the bytes
     * @throws IllegalArgumentException when the bytes are not a class file this parser understands
     */
    public static ClassFile parse(byte[] bytes, String knownName, boolean annotations) {
        return parse(bytes, knownName, annotations ? AnnotationDescriptors.ALL : AnnotationDescriptors.NONE);
    }

    /**
     * As {@link #parse(byte[], String, boolean)}, reading the annotations only when the constant
     * pool holds one of {@code wanted}; otherwise the list is empty, though the class may carry
     * other annotations.
     */
    static ClassFile parse(byte[] bytes, String knownName, AnnotationDescriptors wanted) {
        try {
            return new Parser(bytes).parse(knownName, wanted);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated class file", e);
        }
    }

    /** A class name as the class file spells it and its binary name. */
    private record DecodedName(byte[] internal, String binary) { }

    /**
     * Names decoded lately, by a hash of their length and last bytes: a fixed size, so a few KB at
     * most. Threads share it without a lock: an entry is immutable, and a lost or stale slot only
     * means decoding again.
     */
    private static final DecodedName[] NAMES = new DecodedName[256];

    private static final class Parser {
        private static final byte[] VISIBLE_ANNOTATIONS = "RuntimeVisibleAnnotations".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] INVISIBLE_ANNOTATIONS = "RuntimeInvisibleAnnotations".getBytes(StandardCharsets.US_ASCII);
        private final byte[] b;
        private int pos;
        private int[] offsets;

        Parser(byte[] bytes) {
            this.b = bytes;
        }

        ClassFile parse(String knownName, AnnotationDescriptors wanted) {
            if (u4() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            pos += 4; // minor, major
            boolean withAnnotations = readConstantPool(wanted);
            int access = u2();
            int nameIndex = u2();
            String name = knownName != null ? knownName : className(nameIndex);
            int superIndex = u2();
            String superName = superIndex == 0 ? null : className(superIndex);
            int interfaceCount = u2();
            String[] interfaces = new String[interfaceCount];
            for (int i = 0; i < interfaceCount; i++) {
                interfaces[i] = className(u2());
            }
            List<String> annotations = withAnnotations ? annotations() : List.of();
            return new ClassFile(access, name, superName, List.of(interfaces), annotations);
        }

        /** The class-level annotations, read from the attributes after the fields and methods. */
        private List<String> annotations() {
            skipMembers(); // fields
            skipMembers(); // methods
            List<String> annotations = null;
            int attributes = u2();
            for (int i = 0; i < attributes; i++) {
                int attribute = u2();
                int length = u4();
                int end = pos + length;
                if (isUtf8(attribute, VISIBLE_ANNOTATIONS) || isUtf8(attribute, INVISIBLE_ANNOTATIONS)) {
                    int count = u2();
                    for (int k = 0; k < count; k++) {
                        String annotation = annotationName(u2());
                        if (annotation != null) {
                            if (annotations == null) {
                                annotations = new ArrayList<>(count);
                            }
                            annotations.add(annotation);
                        }
                        skipAnnotationBody();
                    }
                }
                pos = end;
            }
            // Nothing else holds the list: wrapping it is enough to keep the record immutable, and copies nothing.
            return annotations == null ? List.of() : Collections.unmodifiableList(annotations);
        }

        /**
         * Records where each constant starts.
         *
         * @return whether the class's annotations are to be read: always, never, or when some UTF-8
         *         constant is one of the wanted descriptors
         */
        private boolean readConstantPool(AnnotationDescriptors wanted) {
            boolean found = wanted.readsAll();
            boolean looking = !found && !wanted.readsNone();
            long[] hints = wanted.hints();
            byte[] b = this.b;
            int count = u2();
            offsets = new int[count];
            for (int i = 1; i < count; i++) {
                offsets[i] = pos;
                int tag = b[pos++] & 0xFF;
                switch (tag) {
                    case 1 -> {
                        int length = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
                        if (looking && length > 2) {
                            // AnnotationDescriptors.hint, inline
                            int hint = ((length * 31 + b[pos + 3]) * 31 + b[pos + length]) & (AnnotationDescriptors.BUCKETS - 1);
                            if ((hints[hint >>> 6] & 1L << hint) != 0 && wanted.contains(b, pos + 2, length)) {
                                found = true;
                                looking = false;
                            }
                        }
                        pos += 2 + length;
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> pos += 4;
                    case 5, 6 -> {
                        pos += 8;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> pos += 2;
                    case 15 -> pos += 3;
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            return found;
        }

        /**
         * Skips the fields or the methods. Reads inline rather than through {@link #u2}/{@link #u4}:
         * this runs for every class the JVM loads, the first thousands of them interpreted, where
         * each call costs more than the read it makes.
         */
        private void skipMembers() {
            byte[] b = this.b;
            int at = pos;
            int count = (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
            at += 2;
            for (int i = 0; i < count; i++) {
                int attributes = (b[at + 6] & 0xFF) << 8 | (b[at + 7] & 0xFF);
                at += 8;
                for (int k = 0; k < attributes; k++) {
                    at += 6 + ((b[at + 2] & 0xFF) << 24 | (b[at + 3] & 0xFF) << 16 | (b[at + 4] & 0xFF) << 8 | (b[at + 5] & 0xFF));
                }
            }
            pos = at;
        }

        /**
         * Skips the element-value pairs of one annotation, however deeply its values nest, without
         * recursion: a class may hold an annotation nested a million levels deep (the JVM does not read
         * invisible annotations), and a recursive skip would end in StackOverflowError.
         */
        private void skipAnnotationBody() {
            int pairs = u2();
            if (pairs == 0) {
                return; // a marker annotation, the common case: nothing to walk
            }
            // Each frame: {values left to skip, 1 when each value is preceded by an element name}.
            java.util.ArrayDeque<int[]> pending = new java.util.ArrayDeque<>();
            pending.push(new int[] {pairs, 1});
            while (!pending.isEmpty()) {
                int[] top = pending.peek();
                if (top[0] == 0) {
                    pending.pop();
                    continue;
                }
                top[0]--;
                if (top[1] == 1) {
                    pos += 2; // element_name_index
                }
                int tag = b[pos++] & 0xFF;
                switch (tag) {
                    case 'e' -> pos += 4;
                    case '@' -> {
                        pos += 2;
                        pending.push(new int[] {u2(), 1});
                    }
                    case '[' -> pending.push(new int[] {u2(), 0});
                    default -> pos += 2;
                }
            }
        }

        private String className(int index) {
            int offset = offsets[index];
            int nameIndex = (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF);
            int at = offsets[nameIndex];
            return cachedBinaryName(at + 3, (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF));
        }

        /**
         * {@link #binaryName}, taken from {@link #NAMES} when these bytes were decoded before: most
         * classes an application loads share a few super classes and interfaces, and the cached
         * name comes with its hash already computed for the lookups that follow.
         */
        private String cachedBinaryName(int from, int length) {
            if (length < 2) {
                return binaryName(from, length);
            }
            int slot = (length * 31 + b[from + length - 1]) * 31 + b[from + length - 2] & (NAMES.length - 1);
            DecodedName cached = NAMES[slot];
            if (cached != null && cached.internal.length == length
                    && java.util.Arrays.equals(b, from, from + length, cached.internal, 0, length)) {
                return cached.binary;
            }
            String name = binaryName(from, length);
            NAMES[slot] = new DecodedName(java.util.Arrays.copyOfRange(b, from, from + length), name);
            return name;
        }

        /** The annotation type a descriptor {@code Lpkg/Name;} names, or null for any other descriptor. */
        private String annotationName(int index) {
            int at = offsets[index];
            int length = (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
            if (length < 3 || b[at + 3] != 'L' || b[at + 3 + length - 1] != ';') {
                return null;
            }
            return binaryName(at + 4, length - 2);
        }

        /**
         * An internal name ({@code a/b/C}) read as a binary name ({@code a.b.C}) in one copy: this
         * runs for every class the JVM loads. Names are ASCII nearly always; any other byte takes
         * the general decoding (UTF-8: the class file's modified UTF-8 differs from it only in ways
         * no name a policy can write uses).
         */
        private String binaryName(int from, int length) {
            byte[] name = new byte[length];
            for (int i = 0; i < length; i++) {
                byte c = b[from + i];
                if (c < 0) {
                    return new String(b, from, length, StandardCharsets.UTF_8).replace('/', '.');
                }
                name[i] = c == '/' ? (byte) '.' : c;
            }
            return new String(name, StandardCharsets.ISO_8859_1);
        }

        /** True when constant {@code index} is the UTF-8 text {@code expected} (ASCII), compared without making a String. */
        private boolean isUtf8(int index, byte[] expected) {
            int at = offsets[index];
            if (((b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF)) != expected.length) {
                return false;
            }
            return java.util.Arrays.equals(b, at + 3, at + 3 + expected.length, expected, 0, expected.length);
        }

        private int u2() {
            int value = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            pos += 2;
            return value;
        }

        private int u4() {
            int value = (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
            pos += 4;
            return value;
        }
    }
}
