package dev.resilience.agent.policy;

import java.util.Set;

/** Syntax checks for the Java names a policy holds. Nothing is loaded here. */
final class JavaNames {
    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

    /**
     * Java's reserved words and literals: no class or package compiled from Java is named so, so a
     * class name holding one (a primitive in {@code retryOn}, say) can never match (fuzz audit).
     */
    private static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "_");

    private JavaNames() { }

    /** {@code " (int is a Java keyword: ...)"} for a name holding a reserved word, else "". */
    static String reservedWordHint(String text) {
        String word = reservedWordIn(text);
        return word == null ? "" : " (" + word + " is a reserved word of Java: no class or package is named so;"
                + " write the exception's or class's full name)";
    }

    /** The first segment of a dotted name that is a Java reserved word ({@code int}, {@code new}), or null. */
    static String reservedWordIn(String text) {
        for (String segment : text.split("\\.", -1)) {
            if (RESERVED.contains(segment)) {
                return segment;
            }
        }
        return null;
    }

    /** A binary class name: identifier segments separated by dots, {@code $} allowed ({@code a.b.Outer$Inner}). */
    static boolean isClassName(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".")) {
            return false;
        }
        for (String segment : text.split("\\.", -1)) {
            if (!isIdentifier(segment) || RESERVED.contains(segment)) {
                return false;
            }
        }
        return true;
    }

    /** A class name or a glob: {@code *} within a segment, {@code **} as a whole segment across packages. */
    static boolean isClassGlob(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".")) {
            return false;
        }
        for (String segment : text.split("\\.", -1)) {
            if (!segment.equals("**") && (segment.contains("**") || !isIdentifierGlob(segment) || RESERVED.contains(segment))) {
                return false;
            }
        }
        return true;
    }

    /** A method name, possibly with {@code *}. */
    static boolean isIdentifierGlob(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '*' || (i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdentifier(String text) {
        return !text.contains("*") && isIdentifierGlob(text);
    }

    static boolean isPrimitive(String text) {
        return PRIMITIVES.contains(text);
    }

    /** A parameter type as written in a method pattern: a primitive or class name, followed by any number of {@code []}. */
    static boolean isTypeName(String text) {
        String element = text;
        while (element.endsWith("[]")) {
            element = element.substring(0, element.length() - 2).trim();
        }
        return PRIMITIVES.contains(element) || isClassName(element);
    }
}
