package dev.resilience.agent.matching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    void doubleStarDotAlsoMatchesNoPackageAndDoubleStarAloneMatchesAnything() {
        assertThat(Glob.forClass("**.A").matches("A")).isTrue();
        assertThat(Glob.forClass("**.A").matches("x.y.A")).isTrue();
        assertThat(Glob.forClass("**.A").matches("xA")).isFalse();
        assertThat(Glob.forClass("com.**").matches("com.a.b.C")).isTrue();
        assertThat(Glob.forClass("com.**").matches("com.")).isTrue();
        assertThat(Glob.forClass("com.**").matches("org.a")).isFalse();
        assertThat(Glob.forClass("*").matches("a.B")).isFalse();
        assertThat(Glob.forClass("*").matches("")).isTrue();
    }

    /** The literal runs checked before the automaton: in order, not overlapping, anchored at either end. */
    @Test
    void literalRunsMustFitInOrderWithoutOverlapping() {
        assertThat(Glob.forClass("a*a").matches("a")).isFalse();
        assertThat(Glob.forClass("a*a").matches("aa")).isTrue();
        assertThat(Glob.forClass("ab*ba").matches("aba")).isFalse();
        assertThat(Glob.forClass("ab*ba").matches("abba")).isTrue();
        assertThat(Glob.forClass("*b*a*").matches("ab")).isFalse();
        assertThat(Glob.forClass("*b*a*").matches("bxa")).isTrue();
        assertThat(Glob.forClass("gen.**.Gateway3x*").matches("gen.m07.Component4711")).isFalse();
        assertThat(Glob.forClass("gen.**.Gateway3x*").matches("gen.m07.Gateway3x4711")).isTrue();
        assertThat(Glob.forClass("gen.**.Gateway3x*").matches("gen.m07.Gateway3x47.Inner")).isFalse();
        assertThat(Glob.forClass("**.*Client").matches("com.example.Client")).isTrue();
        assertThat(Glob.forClass("**.*Client").matches("com.example.Clien")).isFalse();
    }

    /** Regression: the regex-based glob backtracked exponentially; a policy could stall class loading. */
    @Test
    void pathologicalPatternsAnswerAtOnce() {
        String longName = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.Foo";
        String as = "a".repeat(200);
        // Before the fix these took from seconds to hours each; now microseconds. The limit only guards a hang.
        boolean[] results = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new boolean[] {
            Glob.forClass("**.".repeat(30) + "Zzz").matches(longName),
            Glob.forClass("a*".repeat(30) + "b").matches(as),
            Glob.forMethod("a*".repeat(30) + "b").matches(as),
            Glob.forClass("**.".repeat(30) + "Foo").matches(longName),
        });
        assertThat(results).containsExactly(false, false, false, true);
    }

    /** The automaton agrees with the regular expression the glob syntax is defined by, on random cases. */
    @Test
    void agreesWithTheRegexDefinitionOnRandomPatternsAndNames() {
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            String pattern = RandomGlobs.pattern(random);
            String name = RandomGlobs.name(random);
            boolean method = random.nextBoolean();
            Glob glob = method ? Glob.forMethod(pattern) : Glob.forClass(pattern);
            boolean expected = definition(pattern, method).matcher(name).matches();
            assertThat(glob.matches(name)).as("%s glob %s on %s", method ? "method" : "class", pattern, name)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theLastSegmentPrefixIsThePlainTextAfterTheLastDotWhenNothingThereCanCrossADot() {
        assertThat(Glob.forClass("gen.**.Gateway3x*").lastSegmentPrefix()).isEqualTo("Gateway3x");
        assertThat(Glob.forClass("com.example.Ollama*Client").lastSegmentPrefix()).isEqualTo("Ollama");
        assertThat(Glob.forClass("**.Store*").lastSegmentPrefix()).isEqualTo("Store");
        assertThat(Glob.forClass("Store*").lastSegmentPrefix()).isEqualTo("Store");
        assertThat(Glob.forClass("com.example.*Client").lastSegmentPrefix()).isEmpty();
        assertThat(Glob.forClass("com.Foo**").lastSegmentPrefix()).isEmpty(); // matches com.Foo.bar.Baz
        assertThat(Glob.forClass("a**.B*").lastSegmentPrefix()).isEmpty(); // matches aBc: the "**." matched nothing
        assertThat(Glob.forClass("a.**.**.B*").lastSegmentPrefix()).isEqualTo("B");
    }

    /** The prefix is a necessary condition: no class name a glob matches has a last segment without it. */
    @Test
    void everyNameAClassGlobMatchesHasItsLastSegmentPrefix() {
        Random random = new Random(7);
        int matched = 0;
        for (int i = 0; i < 100_000; i++) {
            String pattern = RandomGlobs.pattern(random);
            String name = RandomGlobs.name(random);
            Glob glob = Glob.forClass(pattern);
            if (glob.matches(name)) {
                matched++;
                String lastSegment = name.substring(name.lastIndexOf('.') + 1);
                assertThat(lastSegment).as("glob %s on %s", pattern, name).startsWith(glob.lastSegmentPrefix());
            }
        }
        assertThat(matched).isGreaterThan(5_000); // the cases exercised the claim, not only non-matches
    }

    /** The glob syntax as a regular expression: fine as a test oracle on short inputs, too slow for class loading. */
    private static Pattern definition(String text, boolean method) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '*') {
                regex.append(Pattern.quote(String.valueOf(c)));
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                if (i + 2 < text.length() && text.charAt(i + 2) == '.') {
                    regex.append("(?:.*\\.)?");
                    i += 2;
                } else {
                    regex.append(".*");
                    i++;
                }
            } else {
                regex.append(method ? ".*" : "[^.]*");
            }
        }
        return Pattern.compile(regex.toString());
    }
}
