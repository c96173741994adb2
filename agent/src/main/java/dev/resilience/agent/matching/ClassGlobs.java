package dev.resilience.agent.matching;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A policy's class-name globs, arranged so that a class name is tried only against the globs its
 * last segment could satisfy. Globs are filed in a tree of characters under the plain text that
 * starts their last segment ({@link Glob#lastSegmentPrefix}: {@code Gateway3x} for
 * {@code gen.**.Gateway3x*}); a class name walks that tree from the start of its own last
 * segment, and only the globs met on the way, plus those with no such text ({@code **.*Client}),
 * are run. This matters because it runs for every class the JVM loads: with the scale benchmark's
 * twenty globs, which all start {@code gen.}, the transformer's pass over its 20,075 classes took
 * 6-7 ms warm when every glob was tried, and 1 ms with this index (issue 8). Immutable and
 * thread-safe.
 */
final class ClassGlobs {
    private static final int[] NONE = {};

    /**
     * One character of a prefix: the globs whose prefix ends here (positions in {@link #globs}),
     * and the characters that continue it. Filled in by the constructor and never changed after.
     */
    private static final class Node {
        char[] keys = new char[0];
        Node[] next = new Node[0];
        int[] here = NONE;

        Node child(char key, boolean create) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == key) {
                    return next[i];
                }
            }
            if (!create) {
                return null;
            }
            Node node = new Node();
            keys = Arrays.copyOf(keys, keys.length + 1);
            next = Arrays.copyOf(next, next.length + 1);
            keys[keys.length - 1] = key;
            next[next.length - 1] = node;
            return node;
        }
    }

    private final Glob[] globs;
    private final int[] rules;
    private final Node root = new Node();

    /**
     * @param globs class patterns
     * @param rules the rule each pattern belongs to, by position
     */
    ClassGlobs(List<Glob> globs, int[] rules) {
        this.globs = globs.toArray(new Glob[0]);
        this.rules = rules.clone();
        for (int g = 0; g < this.globs.length; g++) {
            Node node = root;
            String prefix = this.globs[g].lastSegmentPrefix();
            for (int i = 0; i < prefix.length(); i++) {
                node = node.child(prefix.charAt(i), true);
            }
            node.here = Arrays.copyOf(node.here, node.here.length + 1);
            node.here[node.here.length - 1] = g;
        }
    }

    /** Adds the rules whose glob matches {@code className}. */
    void addMatches(String className, BitSet matched) {
        Node node = root;
        int at = className.lastIndexOf('.') + 1;
        while (true) {
            for (int g : node.here) {
                if (globs[g].matches(className)) {
                    matched.set(rules[g]);
                }
            }
            if (at == className.length()) {
                return;
            }
            node = node.child(className.charAt(at++), false);
            if (node == null) {
                return;
            }
        }
    }
}
