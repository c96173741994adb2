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
        String hint = DidYouMean.closest(written, known)
                .map(k -> "did you mean `" + k + "`?")
                .orElse("the keys of " + section + " are " + String.join(", ", known));
        problems.add(keyNode, path + ": unknown key; " + hint);
        return Optional.empty();
    }
}
