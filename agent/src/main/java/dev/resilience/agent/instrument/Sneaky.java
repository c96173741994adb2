package dev.resilience.agent.instrument;

/** Rethrows any throwable unchanged, checked or not, so the caller sees exactly what the body threw. */
final class Sneaky {
    private Sneaky() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T rethrow(Throwable error) throws T {
        throw (T) error;
    }
}
