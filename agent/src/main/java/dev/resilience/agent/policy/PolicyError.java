package dev.resilience.agent.policy;

import java.util.Comparator;

/**
 * One problem in a policy file, pointing at the place an operator has to edit.
 * Line and column are 1-based. A problem with the file as a whole (it cannot be read, it is too
 * large) is placed at 1:1, so every problem prints as {@code FILE:LINE:COLUMN: message}, the one
 * shape the contract promises and scripts parse. Immutable and thread-safe.
 *
 * @param file    the file name as the operator gave it
 * @param message names the key path, the value and the limit, and says what to do
 */
public record PolicyError(String file, int line, int column, String message) {
    /** Line, then column; problems without a position first. */
    static final Comparator<PolicyError> BY_POSITION = new ByPosition();

    /** A problem with the whole file rather than one place in it. */
    static PolicyError ofFile(String file, String message) {
        return new PolicyError(file, 1, 1, message);
    }

    /** {@code FILE:LINE:COLUMN: message}; {@code FILE: message} only for a record made without a position. */
    @Override
    public String toString() {
        if (line == 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }

    /**
     * A named class rather than {@code Comparator.comparingInt(..)} chains: the policy is loaded in
     * {@code premain}, where every lambda class spun adds to the application's start (issue 8).
     */
    private static final class ByPosition implements Comparator<PolicyError> {
        @Override
        public int compare(PolicyError a, PolicyError b) {
            int byLine = Integer.compare(a.line(), b.line());
            return byLine != 0 ? byLine : Integer.compare(a.column(), b.column());
        }
    }
}
