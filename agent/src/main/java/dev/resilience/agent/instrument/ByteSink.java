package dev.resilience.agent.instrument;

import java.util.Arrays;

/**
 * A growable big-endian byte buffer for the class-file bytes {@link HandoffPrologue} writes. Kept
 * to the few operations it needs: the prologue is written while the application starts, with this
 * code still interpreted. Confined to one thread.
 */
final class ByteSink {
    private byte[] data;
    private int length;

    ByteSink(int capacity) {
        data = new byte[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    ByteSink u1(int value) {
        ensure(1);
        data[length++] = (byte) value;
        return this;
    }

    ByteSink u2(int value) {
        ensure(2);
        data[length++] = (byte) (value >>> 8);
        data[length++] = (byte) value;
        return this;
    }

    ByteSink u4(int value) {
        ensure(4);
        data[length++] = (byte) (value >>> 24);
        data[length++] = (byte) (value >>> 16);
        data[length++] = (byte) (value >>> 8);
        data[length++] = (byte) value;
        return this;
    }

    ByteSink bytes(byte[] source, int from, int count) {
        ensure(count);
        System.arraycopy(source, from, data, length, count);
        length += count;
        return this;
    }

    ByteSink bytes(ByteSink source) {
        return bytes(source.data, 0, source.length);
    }

    /** Overwrites two bytes already written (a forward branch offset). */
    void u2At(int at, int value) {
        data[at] = (byte) (value >>> 8);
        data[at + 1] = (byte) value;
    }

    byte[] toByteArray() {
        return data.length == length ? data : Arrays.copyOf(data, length);
    }

    private void ensure(int more) {
        if (length + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
        }
    }
}
