package dev.resilience.agent.policy;

/** A 1-based line and column in a policy file, so errors found after loading can still point at the source. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
