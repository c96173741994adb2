package dev.resilience.agent.policy;

import dev.resilience.agent.log.LogText;
import java.util.ArrayList;
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
     * The message as one printable line: messages quote the policy's own text and the YAML library's,
     * and {@code validate} prints one problem per line, to a terminal or a log, where a raw line break,
     * escape sequence or bidi override would forge or hide lines.
     */
    static String printable(String message) {
        return LogText.printable(message);
    }

    /** True when a problem was reported at {@code path} ({@code rules[0].retry.delay}), or under it. */
    boolean reportedAt(String path) {
        for (PolicyError error : errors) {
            String message = error.message();
            if (message.startsWith(path) && message.length() > path.length()
                    && (message.charAt(path.length()) == ':' || message.charAt(path.length()) == '.')) {
                return true;
            }
        }
        return false;
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
        copy.sort(PolicyError.BY_POSITION);
        return List.copyOf(copy);
    }
}
