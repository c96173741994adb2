package dev.resilience.agent.matching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    @Test
    void singleStarStaysWithinOneSegment() {
        Glob glob = Glob.forClass("com.example.*Client");
        assertThat(glob.matches("com.example.OllamaClient")).isTrue();
        assertThat(glob.matches("com.example.sub.OllamaClient")).isFalse();
        assertThat(glob.matches("com.example.Client")).isTrue();
    }

    @Test
    void doubleStarCrossesSegments() {
        Glob glob = Glob.forClass("com.example.**.*Client");
        assertThat(glob.matches("com.example.a.b.OllamaClient")).isTrue();
        assertThat(glob.matches("com.example.OllamaClient")).isTrue();
        assertThat(glob.matches("org.example.OllamaClient")).isFalse();
    }

    @Test
    void aNameWithoutWildcardsIsExact() {
        Glob glob = Glob.forClass("com.example.A");
        assertThat(glob.isLiteral()).isTrue();
        assertThat(glob.matches("com.example.A")).isTrue();
        assertThat(glob.matches("com.example.AB")).isFalse();
    }

    @Test
    void dotsAndDollarsAreLiteral() {
        Glob glob = Glob.forClass("a.B$*");
        assertThat(glob.matches("a.B$Inner")).isTrue();
        assertThat(glob.matches("aXB$Inner")).isFalse();
    }

    @Test
    void methodStarMatchesAnything() {
        Glob glob = Glob.forMethod("embed*");
        assertThat(glob.matches("embed")).isTrue();
        assertThat(glob.matches("embedAll")).isTrue();
        assertThat(glob.matches("generate")).isFalse();
    }

    @Test
    void prefixIsTheTextBeforeTheFirstWildcard() {
        assertThat(Glob.forClass("com.example.**.*Client").prefix()).isEqualTo("com.example.");
        assertThat(Glob.forClass("com.example.A").prefix()).isEqualTo("com.example.A");
    }
}
