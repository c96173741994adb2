package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class SeenClassesTest {
    @Test
    void remembersNamesPerLoaderAcrossGrowth() throws Exception {
        SeenClasses seen = new SeenClasses();
        try (URLClassLoader other = new URLClassLoader(new URL[0])) {
            for (int i = 0; i < 10_000; i++) {
                seen.add(getClass().getClassLoader(), "com.example.C" + i);
            }
            seen.add(null, "com.example.Boot");

            for (int i = 0; i < 10_000; i++) {
                assertThat(seen.contains(getClass().getClassLoader(), "com.example.C" + i)).isTrue();
            }
            assertThat(seen.contains(getClass().getClassLoader(), "com.example.C10000")).isFalse();
            assertThat(seen.contains(other, "com.example.C1")).as("another loader's class of the same name").isFalse();
            assertThat(seen.contains(null, "com.example.Boot")).isTrue();
            assertThat(seen.contains(null, "com.example.C1")).isFalse();
        }
    }

    @Test
    void aSetOfHashesCountsEachKeyOnceAndStaysAtMostHalfFull() {
        SeenClasses.Hashes hashes = new SeenClasses.Hashes();
        for (long k = 1; k <= 1_000; k++) {
            hashes.add(k << 32); // keys alike in their low half
            hashes.add(k << 32);
        }
        assertThat(hashes.size()).isEqualTo(1_000);
        assertThat(hashes.contains(7L << 32)).isTrue();
        assertThat(hashes.contains(1_001L << 32)).isFalse();
    }

    @Test
    void aKeyIsNeverTheEmptySlotsZero() {
        assertThat(SeenClasses.key("")).isNotZero();
        assertThat(SeenClasses.key("com.example.Client")).isNotEqualTo(SeenClasses.key("com.example.Clienu"));
    }
}
