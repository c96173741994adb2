package testprologue;

import java.io.IOException;
import java.util.List;

/**
 * Compiled code the hand-off prologue must keep working ({@code HandoffPrologueTest}): every
 * parameter and return type, switches whose padding depends on their offset, handlers, a loop whose
 * head is the method's first instruction (a frame at offset 0), an object made across a branch (an
 * uninitialised type in a frame, which holds an offset), a body that fails once.
 */
public class PrologueShapes {
    private int calls;
    private int attempts;

    public static long everyType(int a, long b, float c, double d, boolean e, byte f, char g, short h, String i, int[] j) {
        return a + b + (long) c + (long) d + (e ? 1 : 0) + f + g + h + i.length() + j.length;
    }

    public String switches(int x) {
        calls++;
        String dense = switch (x) {
            case 0 -> "zero";
            case 1 -> "one";
            case 2 -> "two";
            case 3 -> "three";
            default -> "many";
        };
        String sparse = switch (x) {
            case 1 -> "a";
            case 100 -> "b";
            case 10_000 -> "c";
            default -> "d";
        };
        return dense + sparse + calls;
    }

    public int handlers(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        } finally {
            calls++;
        }
    }

    public static int loopAtStart(int n) {
        while (true) {
            if (n <= 0) {
                return n;
            }
            n -= 2;
        }
    }

    public Object madeAcrossABranch(boolean flag) {
        return new StringBuilder(flag ? "yes" : "no").append(calls);
    }

    public void nothing(List<String> out) {
        out.add("ran");
    }

    public double[] array(double v) {
        return new double[] {v, v * 2};
    }

    public boolean negate(boolean b) {
        return !b;
    }

    public char next(char c) {
        return (char) (c + 1);
    }

    public float half(float f) {
        return f / 2;
    }

    public byte lowByte(int x) {
        return (byte) x;
    }

    public short asShort(int x) {
        return (short) x;
    }

    public String thread() {
        return Thread.currentThread().getName();
    }

    /** Fails with an IOException on its first call, then gives the number of calls. */
    public int flaky() throws IOException {
        attempts++;
        if (attempts < 2) {
            throw new IOException("first");
        }
        return attempts;
    }
}
