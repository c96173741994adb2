package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses one {@code methods} / {@code exclude} entry: {@code name}, a glob such as {@code embed*}, or a
 * name with pinned parameter types: {@code upload(java.lang.String,byte[])}, {@code close()}.
 * Thread-safe.
 */
public final class MethodPatternParser {
    /** Simple names an operator is likely to write for a parameter type, with the package they mean. */
    private static final java.util.Set<String> JAVA_LANG = java.util.Set.of(
            "String", "Object", "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float",
            "Number", "CharSequence", "Class", "Runnable");

    private MethodPatternParser() { }

    /**
     * @throws IllegalArgumentException with an operator-facing reason when {@code text} is not a method pattern
     */
    public static MethodPattern parse(String text, Position position) {
        String trimmed = text.strip();
        int open = trimmed.indexOf('(');
        String name = open < 0 ? trimmed : trimmed.substring(0, open).strip();
        if (!JavaNames.isIdentifierGlob(name)) {
            throw new IllegalArgumentException("a method name (letters, digits, _ and $, with * as a wildcard)"
                    + " optionally followed by parameter types, such as upload(java.lang.String,byte[])");
        }
        if (open < 0) {
            return new MethodPattern(text, name, null, position);
        }
        if (!trimmed.endsWith(")") || trimmed.indexOf('(', open + 1) >= 0 || trimmed.indexOf(')') != trimmed.length() - 1) {
            throw new IllegalArgumentException("parameter types in one pair of parentheses at the end, such as"
                    + " upload(java.lang.String,byte[])");
        }
        String inside = trimmed.substring(open + 1, trimmed.length() - 1).strip();
        List<String> types = new ArrayList<>();
        if (!inside.isEmpty()) {
            for (String raw : inside.split(",", -1)) {
                if (splitsAName(raw.strip())) {
                    throw new IllegalArgumentException("parameter types without spaces inside a name, separated by"
                            + " commas, such as upload(java.lang.String,byte[]) (\"" + raw.strip() + "\" is two names)");
                }
                String type = withoutWhitespace(raw);
                if (type.endsWith("...")) {
                    throw new IllegalArgumentException("an array type instead of varargs: write "
                            + type.substring(0, type.length() - 3) + "[]");
                }
                String element = type.replace("[]", "");
                if (element.equals("void")) {
                    throw new IllegalArgumentException("parameter types, and void is none: write " + name
                            + "() for a method without parameters");
                }
                if (!JavaNames.isTypeName(type)) {
                    throw new IllegalArgumentException("parameter types as primitive or binary class names,"
                            + " such as int, java.lang.String or byte[] (\"" + raw.strip() + "\" is not one)");
                }
                if (!element.contains(".") && !JavaNames.isPrimitive(element)) {
                    String qualified = JAVA_LANG.contains(element) ? "java.lang." + element : "com.example." + element;
                    throw new IllegalArgumentException("parameter types as fully qualified names: write "
                            + type.replace(element, qualified) + ", not " + type);
                }
                types.add(type);
            }
        }
        return new MethodPattern(text, name, types, position);
    }

    /**
     * True when white space stands between two parts of names ({@code foo bar}): dropping it, as is
     * done around dots and brackets, would make up a type nobody wrote (fuzz audit: "write
     * com.example.foobar").
     */
    private static boolean splitsAName(String text) {
        for (int i = 1; i < text.length() - 1; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                continue;
            }
            int before = i - 1;
            int after = i + 1;
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            if (after < text.length() && Character.isJavaIdentifierPart(text.charAt(before))
                    && Character.isJavaIdentifierPart(text.charAt(after))) {
                return true;
            }
            i = after - 1;
        }
        return false;
    }

    /** {@code text} without spaces, tabs and line breaks (what {@code \\s} matches), without a regular expression (issue 8). */
    private static String withoutWhitespace(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\u000B' && c != '\f' && c != '\r') {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
