package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FallbackWarningTest {
    /** An exception whose toString() fails (a message formatted lazily, say). */
    static final class Unprintable extends RuntimeException {
        @Override
        public String toString() {
            throw new IllegalStateException("formatter not initialised");
        }
    }

    /** Audit: the one warning about a fallback that threw was lost when the exception's toString() threw. */
    @Test
    void aFallbackExceptionThatCannotBePrintedIsNamedByItsClass() {
        LoadResult loaded = PolicyLoader.parse("""
                version: 1
                rules:
                  - name: unprintable-fallback
                    match: { class: x.Unprintable }
                    fallback: { method: "x.Fallbacks#broken" }
                """, "test.yaml");
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, l -> { }, (l, f, t) -> { });
        Site site = new Site(0, "x.Unprintable", "call", "()Ljava/lang/String;", new String[0], Site.Kind.INLINE,
                false, false, false, getClass().getClassLoader());
        RuleRuntime runtime = policy.runtime(0);
        Binding binding = policy.bind(site, runtime, Fallback.lazyMethod(runtime.rule().fallback(), "x.Fallbacks", "broken",
                "()Ljava/lang/String;", false, false));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Fallback.failed(binding, new Unprintable());
        } finally {
            System.setErr(original);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARN rule 'unprintable-fallback': the fallback method"
                + " x.Fallbacks#broken threw " + Unprintable.class.getName() + "; callers get that exception");
    }
}
