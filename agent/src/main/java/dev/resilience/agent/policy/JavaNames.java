package dev.resilience.agent.policy;

import java.util.Set;

/** Syntax checks for the Java names a policy holds. Nothing is loaded here. */
final class JavaNames {
    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

    /**
     * Words that name no class on their own: the primitive types, {@code void} and the literals. A
     * class name that is just one of them ({@code retryOn: [int]}) can never match (fuzz audit).
     * Reserved words inside a longer name are left alone: binary names allow them, and real classes
     * have them (commons-lang 2's {@code org.apache.commons.lang.enum}, Scala's
     * {@code scala.annotation.switch}, Kotlin packages, obfuscated code).
     */
    private static final Set<String> NOT_A_CLASS = notAClass();

    private JavaNames() { }

    private static Set<String> notAClass() {
        Set<String> words = new java.util.HashSet<>(PRIMITIVES);
        words.addAll(Set.of("void", "null", "true", "false"));
        return Set.copyOf(words);
    }

    /** {@code " (int is a word of the Java language, ...)"} for a name that is one of {@link #NOT_A_CLASS}, else "". */
    static String notAClassHint(String text) {
        return NOT_A_CLASS.contains(text) ? " (" + text + " is a word of the Java language, not a class: write the"
                + " exception's or class's full name)" : "";
    }

    /** A binary class name: identifier segments separated by dots, {@code $} allowed ({@code a.b.Outer$Inner}). */
    static boolean isClassName(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".")) {
            return false;
        }
        for (String segment : text.split("\\.", -1)) {
            if (!isIdentifier(segment)) {
                return false;
            }
        }
        return !NOT_A_CLASS.contains(text);
    }

    /** A class name or a glob: {@code *} within a segment, {@code **} as a whole segment across packages. */
    static boolean isClassGlob(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".")) {
            return false;
        }
        for (String segment : text.split("\\.", -1)) {
            if (!segment.equals("**") && (segment.contains("**") || !isIdentifierGlob(segment))) {
                return false;
            }
        }
        return !NOT_A_CLASS.contains(text);
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
