package dev.resilience.agent.cli;

import dev.resilience.agent.matching.ClassFile;
import dev.resilience.agent.matching.TypeHierarchy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supertypes of the class path's classes that neither the class path nor the JDK holds. A
 * {@code subtypeOf} rule sees a class as a subtype only through supertypes it can read, so a class
 * that implements the rule's interface through one of these is left out of {@code explain}'s listing,
 * although the running agent, reading through the application's loaders, would wrap it: explain says
 * so in a note. Not thread-safe; one per run.
 */
final class MissingSupertypes {
    private static final int EXAMPLES = 3;
    private static final String NONE_MISSING = "";

    private final ClassLoader loader;
    /**
     * The rules' own types: one missing hides nothing, as a class naming it is matched by the name
     * alone, and what lies above it does not matter to its rule.
     */
    private final Set<String> targets;
    /** Per type read: a supertype above it that cannot be read, or {@link #NONE_MISSING}. */
    private final Map<String, String> missingAbove = new HashMap<>();
    /** Missing supertype -> the first class found needing it, in class-path order. */
    private final Map<String, String> missing = new LinkedHashMap<>();
    private int classes;

    /**
     * @param loader  serves the JDK's and the class path's class files, as explain's matching reads them
     * @param targets the types the {@code subtypeOf} rules name
     */
    MissingSupertypes(ClassLoader loader, Set<String> targets) {
        this.loader = loader;
        this.targets = Set.copyOf(targets);
    }

    /** Looks above a class of the class path, given its bytes. */
    void check(String className, byte[] bytes) {
        ClassFile header;
        try {
            header = ClassFile.parse(bytes, className, false);
        } catch (RuntimeException unreadable) {
            return; // reported where its methods are read
        }
        boolean counted = false;
        for (String parent : TypeHierarchy.directSupertypes(header)) {
            String gone = readable(parent) ? missingAbove(parent) : parent;
            if (!gone.equals(NONE_MISSING)) {
                missing.putIfAbsent(gone, className);
                if (!counted) {
                    classes++;
                    counted = true;
                }
            }
        }
    }

    /** The note's text, or null when every supertype could be read. */
    String message(List<String> subtypeRules) {
        if (missing.isEmpty()) {
            return null;
        }
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, String> gap : missing.entrySet()) {
            if (examples.size() == EXAMPLES) {
                break;
            }
            examples.add(gap.getKey() + " (above " + gap.getValue() + ")");
        }
        return classes + (classes == 1 ? " class" : " classes") + " on this class path " + (classes == 1 ? "has" : "have")
                + " supertypes on neither it nor the JDK: " + missing.size() + " missing, such as "
                + String.join(", ", examples) + ". subtypeOf (rule" + (subtypeRules.size() == 1 ? " " : "s ")
                + String.join(", ", subtypeRules) + ") cannot see through them, so a class reaching its type only that way"
                + " is not listed here, though the agent would wrap it; add the jars that hold them to --classpath";
    }

    /** A supertype above {@code type} (readable) that cannot be read, or {@link #NONE_MISSING}. */
    private String missingAbove(String type) {
        String known = missingAbove.get(type);
        if (known != null) {
            return known;
        }
        missingAbove.put(type, NONE_MISSING); // a cycle (a broken class path) ends here
        String found = NONE_MISSING;
        for (String parent : parentsOf(type)) {
            found = readable(parent) ? missingAbove(parent) : parent;
            if (!found.equals(NONE_MISSING)) {
                break;
            }
        }
        missingAbove.put(type, found);
        return found;
    }

    private boolean readable(String type) {
        return type.equals("java.lang.Object") || targets.contains(type) || missingAbove.containsKey(type)
                || resource(type) != null;
    }

    private List<String> parentsOf(String type) {
        byte[] bytes = resource(type);
        if (bytes == null) {
            return List.of();
        }
        try {
            return TypeHierarchy.directSupertypes(ClassFile.parse(bytes, type, false));
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    private byte[] resource(String type) {
        try (InputStream in = loader.getResourceAsStream(type.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
