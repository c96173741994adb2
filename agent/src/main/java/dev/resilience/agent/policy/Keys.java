package dev.resilience.agent.policy;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reports keys a section does not know, suggesting the one probably meant. */
final class Keys {
    private Keys() { }

    /** Reports {@code path} as unknown and returns empty, so a reader's switch can end in it. */
    static <T> Optional<T> unknown(Problems problems, Node keyNode, String path, String section, List<String> known) {
        String written = path.substring(path.lastIndexOf('.') + 1);
        int odd = oddSpace(written);
        if (odd >= 0) {
            // (audit) a non-breaking space pasted as indentation printed as an invisible "    match: unknown key"
            problems.add(keyNode, visible(path) + ": unknown key; it holds " + String.format("U+%04X", odd)
                    + ", a space or invisible character YAML does not take for indentation or a separator:"
                    + " delete it, or type a plain space where one was meant");
            return Optional.empty();
        }
        String hint = DidYouMean.closest(written, known).or(() -> DidYouMean.completion(written, known))
                .or(() -> DidYouMean.familiar(written, known))
                .map(k -> "did you mean `" + k + "`?")
                .orElse("the keys of " + section + " are " + String.join(", ", known));
        problems.add(keyNode, path + ": unknown key; " + hint);
        return Optional.empty();
    }

    /** The first space-like or invisible character other than a plain space in {@code key} (a non-breaking space...), or -1. */
    private static int oddSpace(String key) {
        return key.codePoints().filter(Keys::isOddSpace).findFirst().orElse(-1);
    }

    /** {@code path} with such characters written as Java escapes, so that the message shows them. */
    private static String visible(String path) {
        StringBuilder shown = new StringBuilder();
        path.codePoints().forEach(c -> {
            if (isOddSpace(c)) {
                shown.append(String.format("\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    private static boolean isOddSpace(int c) {
        // FORMAT: zero-width spaces and a byte order mark inside the text (review), invisible too
        return c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
    }
}
