package dev.resilience.agent.core;

/**
 * A monotonic time source in nanoseconds, injected so that tests can step time instead of sleeping.
 * Values have the meaning of {@link System#nanoTime()}: only differences are meaningful, and they
 * must be compared by subtraction ({@code a - b > 0}), never with {@code <}, to survive overflow.
 *
 * <p>Implementations must be thread-safe. {@link #SYSTEM} is the only place in the agent that reads
 * {@code System.nanoTime()} directly.
 */
@FunctionalInterface
public interface NanoClock {

    /** The JVM's monotonic clock. Thread-safe. */
    NanoClock SYSTEM = new SystemClock();

    /** @return the current time in nanoseconds from an arbitrary, fixed origin */
    long nanoTime();

    /**
     * {@link #SYSTEM}'s class: a named class, not a method reference, because the agent creates it
     * in {@code premain}, where each lambda class spun at run time adds to the application's start.
     */
    final class SystemClock implements NanoClock {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
