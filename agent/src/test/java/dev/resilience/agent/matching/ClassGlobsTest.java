package dev.resilience.agent.matching;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ClassGlobsTest {

    @Test
    void aClassNameIsMatchedByEveryGlobThatMatchesItWhateverItsPrefix() {
        List<Glob> globs = globs("gen.**.Gateway3x*", "gen.**.Gateway*", "**.*Client", "gen.m07.*",
                "gen.**.Gate*Stub", "com.Foo**");
        assertThat(found(globs, "gen.m07.Gateway3x4711")).containsExactly(0, 1, 3);
        assertThat(found(globs, "gen.m01.GatewayClient")).containsExactly(1, 2);
        assertThat(found(globs, "gen.m01.GateStub")).containsExactly(4);
        assertThat(found(globs, "gen.m07.Component4711")).containsExactly(3);
        assertThat(found(globs, "com.Foo.bar.Baz")).containsExactly(5);
        assertThat(found(globs, "Gateway3x")).isEmpty();
    }

    /** The index finds exactly what trying every glob finds, on random globs and names. */
    @Test
    void agreesWithTryingEveryGlobOnRandomPoliciesAndNames() {
        Random random = new Random(11);
        int matches = 0;
        for (int policy = 0; policy < 2_000; policy++) {
            List<String> patterns = new ArrayList<>();
            for (int r = random.nextInt(8); r >= 0; r--) {
                patterns.add(RandomGlobs.pattern(random));
            }
            List<Glob> globs = globs(patterns.toArray(String[]::new));
            for (int n = 0; n < 50; n++) {
                String name = RandomGlobs.name(random);
                List<Integer> expected = new ArrayList<>();
                for (int g = 0; g < globs.size(); g++) {
                    if (globs.get(g).matches(name)) {
                        expected.add(g);
                    }
                }
                assertThat(found(globs, name)).as("%s on %s", patterns, name).isEqualTo(expected);
                matches += expected.size();
            }
        }
        assertThat(matches).isGreaterThan(10_000); // the cases exercised matching, not only misses
    }

    private static List<Integer> found(List<Glob> globs, String className) {
        int[] rules = new int[globs.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = 10 + i; // rule positions differ from glob positions, as when other rules come between
        }
        BitSet matched = new BitSet();
        new ClassGlobs(globs, rules).addMatches(className, matched);
        return matched.stream().map(rule -> rule - 10).boxed().toList();
    }

    private static List<Glob> globs(String... patterns) {
        List<Glob> globs = new ArrayList<>();
        for (String pattern : patterns) {
            globs.add(Glob.forClass(pattern));
        }
        return globs;
    }
}
