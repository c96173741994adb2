package testapp;

/**
 * Calls a matched method at every stack depth up to a {@link StackOverflowError}, as deep
 * recursion in an application does, and counts the calls that returned normally with a wrong
 * value (a body that never ran, answered with 0). The method is synchronized, so a thread-mode
 * rule runs its body on the caller's thread, the deepest path through the agent.
 */
public class DeepStack {
    private int runs;
    private long calls;
    private long wrong;

    public synchronized int work(int x) {
        runs++;
        return x + 1;
    }

    /** {@code rounds} dives to the stack's end; {@code wrong=N calls=M}. */
    public String dive(int rounds) {
        for (int round = 0; round < rounds; round++) {
            down();
        }
        return "wrong=" + wrong + " calls=" + calls;
    }

    private void down() {
        try {
            down();
        } catch (StackOverflowError expected) {
            // the deepest frame: unwind, calling work at each depth on the way up
        }
        calls++;
        try {
            if (work(1) != 2) {
                wrong++;
            }
        } catch (StackOverflowError fine) {
            // failing with a stack overflow this deep is what the application would get anyway
        }
    }
}
