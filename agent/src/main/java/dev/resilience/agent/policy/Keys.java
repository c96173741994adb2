package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reports keys a section does not know, suggesting the one probably meant. */
final class Keys {
    private Keys() { }

    /** Reports {@code path} as unknown and returns empty, so a reader's switch can end in it. */
    static <T> Optional<T> unknown(Problems problems, NodeTuple entry, String path, String section, List<String> known) {
        Node keyNode = entry.getKeyNode();
        String written = keyNode instanceof ScalarNode scalar ? scalar.getValue() : path.substring(path.lastIndexOf('.') + 1);
        int odd = oddSpace(written);
        if (odd >= 0) {
            // (audit) a non-breaking space pasted as indentation printed as an invisible "    match: unknown key"
            problems.add(keyNode, visible(path) + ": unknown key; it holds " + String.format("U+%04X", odd)
                    + ", a space or invisible character YAML does not take for indentation or a separator:"
                    + " delete it, or type a plain space where one was meant");
            return Optional.empty();
        }
        String hint = ownName(written, section).or(() -> dotted(written, known))
                .or(() -> methodOfARule(written, entry.getValueNode(), known)).or(() -> misplaced(written, known))
                .or(() -> wrapper(written, entry.getValueNode(), section, known)).or(() -> named(written, known))
                .or(() -> DidYouMean.forKey(written, known).map(k -> "did you mean `" + k + "`?" + countsTheFirst(written, k)))
                .orElse("the keys of " + section + " are " + String.join(", ", known));
        problems.add(keyNode, path + ": unknown key; " + hint);
        return Optional.empty();
    }

    /**
     * The sections that hold keys of their own, by the key that opens them. A key written one level
     * too high ({@code retryOn} beside {@code retry}, not in it) is told where it goes: a spelling
     * suggestion would offer {@code retry}, two edits away, and the operator would rename it.
     */
    private static final Map<String, List<String>> SECTIONS = sections();

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("defaults", PolicyReader.DEFAULTS_KEYS);
        sections.put("rules", PolicyReader.RULE_KEYS);
        sections.put("match", MatchReader.KEYS);
        sections.put("retry", RetrySection.KEYS);
        sections.put("budget", RetrySection.BUDGET_KEYS);
        sections.put("timeout", TimeoutSection.KEYS);
        sections.put("circuitBreaker", BreakerSection.KEYS);
        sections.put("bulkhead", BulkheadSection.KEYS);
        sections.put("fallback", FallbackReader.KEYS);
        sections.put("onFailure", OnFailureSection.KEYS);
        return sections;
    }

    /** For {@code retry.maxAttempts: 3}, a path written as a key: YAML nests by indentation, not by dots. */
    private static Optional<String> dotted(String written, List<String> known) {
        int dot = written.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String section = written.substring(0, dot);
        String rest = written.substring(dot + 1);
        // only a section and one of its keys: `mode.interrupt` is no path, and `mode:` holds no keys (review)
        if (!known.contains(section) || !SECTIONS.getOrDefault(section, List.of()).contains(rest)) {
            return Optional.empty();
        }
        return Optional.of("YAML does not nest keys written with dots: write `" + section + ":` and, indented under it, `"
                + rest + ":`");
    }

    /**
     * {@code method:} beside {@code match:} is {@code fallback.method} only when it names one
     * ({@code Class#method}); a plain method name is what the rule protects, {@code match.methods}
     * (review: told to move it under {@code fallback:}, the operator would have made a fallback of it).
     */
    private static Optional<String> methodOfARule(String written, Node value, List<String> known) {
        if (!written.equals("method") || !known.contains("match") || !known.contains("fallback")
                || value instanceof ScalarNode scalar && scalar.getValue().contains("#")) {
            return Optional.empty();
        }
        return Optional.of("did you mean `methods` under `match:` (a list: `methods: [name]`)? A fallback method,"
                + " written Class#method, goes under `fallback:`");
    }

    /**
     * A block of this section's own keys under a name of its own, as other libraries group them
     * ({@code backoff: { delay: 1s, multiplier: 2 }} in {@code retry:}): the keys go directly in the
     * section. Offering {@code delay} for {@code backoff} would leave the operator a mapping where a
     * duration goes.
     */
    private static Optional<String> wrapper(String written, Node value, String section, List<String> known) {
        if (!(value instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            return Optional.empty();
        }
        List<String> inside = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || !known.contains(key.getValue())) {
                return Optional.empty();
            }
            inside.add("`" + key.getValue() + "`");
        }
        String where = SECTIONS.containsKey(section) ? "`" + section + ":`" : section.equals("a rule") ? "the rule" : section;
        return Optional.of("`" + written + "` is not a section: write " + String.join(", ", inside)
                + " directly under " + where + ", without `" + written + ":`");
    }

    /** {@code retry:} inside {@code retry:}: the section's name written twice. */
    private static Optional<String> ownName(String written, String section) {
        if (!written.equals(section) || !SECTIONS.containsKey(section)) {
            return Optional.empty();
        }
        return Optional.of("`" + section + "` is this section's own name: write its keys directly under the first `"
                + section + ":`");
    }

    /**
     * The key another library's name stands for, in this section or one level down ({@code retries}
     * beside {@code retry:} is its {@code maxAttempts}), the likeliest meaning first.
     */
    private static Optional<String> named(String written, List<String> known) {
        for (String meant : DidYouMean.namesFor(written)) {
            if (known.contains(meant)) {
                return Optional.of("did you mean `" + meant + "`?" + countsTheFirst(written, meant));
            }
            for (String opener : known) {
                List<String> inside = SECTIONS.get(opener);
                if (inside != null && !opener.equals("rules") && !opener.equals("defaults") && inside.contains(meant)) {
                    return Optional.of("did you mean `" + meant + "` under `" + opener + ":`?" + countsTheFirst(written, meant));
                }
            }
        }
        return Optional.empty();
    }

    /** Retries are not attempts: the hint says so where a count of retries is read as {@code maxAttempts}. */
    private static String countsTheFirst(String written, String meant) {
        return meant.equals("maxAttempts") && written.toLowerCase(java.util.Locale.ROOT).contains("retr")
                ? " It counts the first attempt too: 3 retries are maxAttempts: 4" : "";
    }

    /** "`x` is a key of `retry`: move it under `retry:`" when {@code written} belongs to a section opened by a key of {@code known}. */
    private static Optional<String> misplaced(String written, List<String> known) {
        List<String> homes = new ArrayList<>();
        for (String opener : known) {
            List<String> inside = SECTIONS.get(opener);
            if (inside != null && inside.contains(written)) {
                homes.add(opener.equals("rules") ? "each rule of `rules:`" : "`" + opener + ":`");
            }
        }
        if (homes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("`" + written + "` belongs one level down: move it under " + String.join(" or ", homes));
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
