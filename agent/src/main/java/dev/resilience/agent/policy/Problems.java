package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects every problem found while loading one file, so the operator sees them all at once. Not thread-safe. */
final class Problems {
    private final String file;
    private final List<PolicyError> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(Position position, String message) {
        errors.add(new PolicyError(file, position.line(), position.column(), printable(message)));
    }

    void add(Node node, String message) {
        add(YamlNodes.position(node), message);
    }

    void addForFile(String message) {
        errors.add(PolicyError.ofFile(file, printable(message)));
    }

    /**
     * The message with every control, format, separator and lone surrogate character escaped
     * ({@code \n}, {@code \t}, {@code \\u001B} for ESC): messages quote the policy's own text and the
     * YAML library's, and `validate` prints one problem per line, to a terminal or a log, where a
     * raw line break, escape sequence or bidi override would forge or hide lines.
     */
    static String printable(String message) {
        StringBuilder s = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            int type = Character.getType(c);
            boolean unsafe = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    && !(Character.isHighSurrogate(c) && i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1))
                         || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(message.charAt(i - 1)));
            if (!unsafe) {
                if (s != null) {
                    s.append(c);
                }
                continue;
            }
            if (s == null) {
                s = new StringBuilder(message.length() + 16).append(message, 0, i);
            }
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> s.append(String.format("\\u%04X", (int) c));
            }
        }
        return s == null ? message : s.toString();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    String file() {
        return file;
    }

    /** Sorted by line, then column; problems found at the same place keep the order they were found in. */
    List<PolicyError> sorted() {
        List<PolicyError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
        return List.copyOf(copy);
    }
}
