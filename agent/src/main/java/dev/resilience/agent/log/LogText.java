package dev.resilience.agent.log;

/**
 * Makes text safe to print as one line of a log or of {@code validate}'s output. Stateless and thread-safe.
 */
public final class LogText {
    private LogText() {
    }

    /**
     * The text with every control, format (bidi overrides, zero-width), line or paragraph separator
     * and unpaired surrogate character escaped as {@code \n}, {@code \r}, {@code \t} or
     * {@code \\uXXXX}. Log lines quote text the agent does not control (a policy's values, a remote
     * service's error message inside an exception) and must not let it start a forged line, move the
     * terminal's cursor or reorder what is shown.
     */
    public static String printable(String text) {
        StringBuilder s = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(text, i, c)) {
                if (s != null) {
                    s.append(c);
                }
                continue;
            }
            if (s == null) {
                s = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> s.append(String.format("\\u%04X", (int) c));
            }
        }
        return s == null ? text : s.toString();
    }

    private static boolean unsafe(String text, int i, char c) {
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return true;
            case Character.SURROGATE:
                boolean paired = Character.isHighSurrogate(c)
                        ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
                return !paired;
            default:
                return false;
        }
    }
}
