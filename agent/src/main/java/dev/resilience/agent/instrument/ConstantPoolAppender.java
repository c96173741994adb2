package dev.resilience.agent.instrument;

import java.util.HashMap;
import java.util.Map;

/**
 * New entries at the end of a class's constant pool: the original entries keep their indexes, so
 * nothing else in the class file changes. An entry asked for twice is added once; one that equals
 * an original entry is added again (the class file format allows duplicates, and looking for the
 * original would mean decoding the whole pool). Confined to one thread.
 */
final class ConstantPoolAppender {
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int CLASS = 7;
    private static final int METHOD_REF = 10;
    private static final int NAME_AND_TYPE = 12;
    /** {@code constant_pool_count} is an unsigned 16-bit number. */
    private static final int MAX_COUNT = 0xFFFF;

    private final ByteSink entries = new ByteSink(256);
    private final Map<String, Integer> added = new HashMap<>();
    private int count;

    /** @param originalCount the class's {@code constant_pool_count} (one more than its last index) */
    ConstantPoolAppender(int originalCount) {
        this.count = originalCount;
    }

    /** The new {@code constant_pool_count}. */
    int count() {
        return count;
    }

    ByteSink entries() {
        return entries;
    }

    int utf8(String value) {
        String key = "U".concat(value);
        Integer known = added.get(key);
        if (known != null) {
            return known;
        }
        int index = next(key);
        entries.u1(UTF8);
        int lengthAt = entries.length();
        entries.u2(0);
        int start = entries.length();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 1 && c <= 0x7F) {
                entries.u1(c);
            } else if (c <= 0x7FF) { // modified UTF-8: NUL takes two bytes too
                entries.u1(0xC0 | (c >> 6)).u1(0x80 | (c & 0x3F));
            } else {
                entries.u1(0xE0 | (c >> 12)).u1(0x80 | ((c >> 6) & 0x3F)).u1(0x80 | (c & 0x3F));
            }
        }
        int length = entries.length() - start;
        if (length > 0xFFFF) {
            throw new SiteWeaver.Refused("a constant longer than 65,535 bytes");
        }
        entries.u2At(lengthAt, length);
        return index;
    }

    /** A {@code CONSTANT_Class} for an internal name (or an array descriptor). */
    int type(String internalName) {
        String key = "C".concat(internalName);
        Integer known = added.get(key);
        if (known != null) {
            return known;
        }
        int name = utf8(internalName);
        int index = next(key);
        entries.u1(CLASS).u2(name);
        return index;
    }

    int method(String owner, String name, String descriptor) {
        String key = "M".concat(owner).concat(".").concat(name).concat(descriptor);
        Integer known = added.get(key);
        if (known != null) {
            return known;
        }
        int ownerIndex = type(owner);
        int nameIndex = utf8(name);
        int descriptorIndex = utf8(descriptor);
        String pair = "N".concat(name).concat(descriptor);
        Integer nameAndType = added.get(pair);
        if (nameAndType == null) {
            nameAndType = next(pair);
            entries.u1(NAME_AND_TYPE).u2(nameIndex).u2(descriptorIndex);
        }
        int index = next(key);
        entries.u1(METHOD_REF).u2(ownerIndex).u2(nameAndType);
        return index;
    }

    int integer(int value) {
        String key = "I".concat(Integer.toString(value));
        Integer known = added.get(key);
        if (known != null) {
            return known;
        }
        int index = next(key);
        entries.u1(INTEGER).u4(value);
        return index;
    }

    private int next(String key) {
        if (count >= MAX_COUNT) {
            throw new SiteWeaver.Refused("the constant pool is full");
        }
        int index = count++;
        added.put(key, index);
        return index;
    }
}
