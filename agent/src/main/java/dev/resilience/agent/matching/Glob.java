package dev.resilience.agent.matching;

import java.util.regex.Pattern;

/**
 * A name pattern from the policy. In class names {@code *} matches within one package or name
 * segment and {@code **} across segments ({@code com.example.**.*Client}); in method names
 * {@code *} matches anything. A pattern without wildcards is compared as a plain string.
 * Immutable and thread-safe.
 */
public final class Glob {
    private final String text;
    private final String literal;
    private final Pattern pattern;

    private Glob(String text, String literal, Pattern pattern) {
        this.text = text;
        this.literal = literal;
        this.pattern = pattern;
    }

    public static Glob forClass(String text) {
        return compile(text, "[^.]*");
    }

    public static Glob forMethod(String text) {
        return compile(text, ".*");
    }

    private static Glob compile(String text, String single) {
        if (text.indexOf('*') < 0) {
            return new Glob(text, text, null);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    // "**." also matches no package at all, so com.example.**.X covers com.example.X
                    if (i + 2 < text.length() && text.charAt(i + 2) == '.') {
                        regex.append("(?:.*\\.)?");
                        i += 2;
                    } else {
                        regex.append(".*");
                        i++;
                    }
                } else {
                    regex.append(single);
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, null, Pattern.compile(regex.toString()));
    }

    public boolean matches(String name) {
        return literal != null ? literal.equals(name) : pattern.matcher(name).matches();
    }

    /** True when this glob names exactly one name. */
    public boolean isLiteral() {
        return literal != null;
    }

    /**
     * The fixed beginning of the pattern up to its first wildcard: names that do not start with it
     * cannot match, which lets the transformer reject most classes with one string comparison.
     */
    public String prefix() {
        int star = text.indexOf('*');
        return star < 0 ? text : text.substring(0, star);
    }

    @Override
    public String toString() {
        return text;
    }
}
