package dev.resilience.agent.matching;

import java.util.Random;

/** Short random glob patterns and names over a tiny alphabet, so that matches are frequent. */
final class RandomGlobs {
    private static final String[] PATTERN_PARTS = {"a", "b", ".", "*", "**", "**.", "$", "ab", "ba"};
    private static final String[] NAME_PARTS = {"a", "b", ".", "$", "ab", "a.b", "ba"};

    private RandomGlobs() {
    }

    /** One to six pattern parts. */
    static String pattern(Random random) {
        StringBuilder pattern = new StringBuilder();
        for (int k = random.nextInt(6); k >= 0; k--) {
            pattern.append(PATTERN_PARTS[random.nextInt(PATTERN_PARTS.length)]);
        }
        return pattern.toString();
    }

    /** Zero to six name parts. */
    static String name(Random random) {
        StringBuilder name = new StringBuilder();
        for (int k = random.nextInt(7); k > 0; k--) {
            name.append(NAME_PARTS[random.nextInt(NAME_PARTS.length)]);
        }
        return name.toString();
    }
}
