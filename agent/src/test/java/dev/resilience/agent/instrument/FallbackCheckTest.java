package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FallbackCheckTest {
    private final TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(getClass().getClassLoader()));

    private static Rule rule(String fallback) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: svc\n    match: { class: a.B }\n"
                + "    fallback: " + fallback + "\n", "t.yaml");
        assertThat(result.errors()).isEmpty();
        return result.policy().rules().get(0);
    }

    private MethodDescription method(String name) {
        return pool.describe(FallbackFactoryTest.Target.class.getName()).resolve().getDeclaredMethods()
                .filter(ElementMatchers.named(name)).getOnly();
    }

    @Test
    void reportsWhyAFallbackDoesNotFitAMethod() {
        assertThat(FallbackCheck.problem(rule("{ value: \"n/a\" }"), method("count"), pool))
                .hasValue("the string \"n/a\" does not fit the return type int");
        assertThat(FallbackCheck.problem(rule("{ value: 0 }"), method("count"), pool)).isEmpty();
        assertThat(FallbackCheck.problem(rule("{ method: \"" + FallbackFactoryTest.Fallbacks.class.getName() + "#count\" }"),
                method("count"), pool)).isEmpty();
    }
}
