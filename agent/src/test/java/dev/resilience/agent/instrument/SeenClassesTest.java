package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class SeenClassesTest {
    @Test
    void remembersNamesPerLoaderAndPolicyAcrossGrowth() throws Exception {
        SeenClasses seen = new SeenClasses();
        ClassLoader mine = getClass().getClassLoader();
        try (URLClassLoader other = new URLClassLoader(new URL[0])) {
            for (int i = 0; i < 10_000; i++) {
                seen.add(mine, "com.example.C" + i, 7);
            }
            seen.add(null, "com.example.Boot", 7);
            seen.add(mine, "com.example.C5", 8);

            for (int i = 0; i < 10_000; i++) {
                assertThat(seen.decidedUnder(mine, "com.example.C" + i, i == 5 ? 8 : 7)).isTrue();
            }
            assertThat(seen.decidedUnder(mine, "com.example.C5", 7)).as("moved to policy 8").isFalse();
            assertThat(seen.decidedUnder(mine, "com.example.C1", 8)).as("a later policy").isFalse();
            assertThat(seen.decidedUnder(mine, "com.example.C10000", 7)).isFalse();
            assertThat(seen.decidedUnder(other, "com.example.C1", 7)).as("another loader's class of the same name").isFalse();
            assertThat(seen.decidedUnder(null, "com.example.Boot", 7)).isTrue();
            assertThat(seen.decidedUnder(null, "com.example.C1", 7)).isFalse();
            assertThat(seen.decidedUnder(mine, "com.example.C1", 7 + 256)).as("policy numbers are kept modulo 256").isTrue();
        }
    }

    @Test
    void aTableOfHashesHoldsEachKeyOnceAndStaysAtMostHalfFull() {
        SeenClasses.Hashes hashes = new SeenClasses.Hashes();
        for (long k = 1; k <= 1_000; k++) {
            hashes.put(k << 32, 1); // keys alike in their low half
            hashes.put(k << 32, 2);
            assertThat(hashes.size() * 2).isLessThanOrEqualTo(hashes.capacity());
        }
        assertThat(hashes.size()).isEqualTo(1_000);
        assertThat(hashes.get(7L << 32)).isEqualTo(2);
        assertThat(hashes.get(1_001L << 32)).isEqualTo(-1);
    }

    @Test
    void aKeyLeavesThePolicyBitsClear() {
        assertThat(SeenClasses.key("com.example.Client") & 0xFF).isZero();
        assertThat(SeenClasses.key("com.example.Client")).isNotEqualTo(SeenClasses.key("com.example.Clienu"));
    }
}
