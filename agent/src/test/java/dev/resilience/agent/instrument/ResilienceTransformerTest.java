package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transformer's record of what it instrumented: each method once, under its id, whether its
 * class is transformed for the first time or again (a reload's retransformation keeps the ids).
 */
class ResilienceTransformerTest {
    private static final String POLICY = """
            version: 1
            rules:
              - name: clients
                match: { class: "testxf.*" }
                timeout: off
            """;

    @Test
    void remembersEachMethodOnceAcrossClassesAndRetransformations() {
        LoadResult loaded = PolicyLoader.parse(POLICY, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        ResilienceTransformer transformer = new ResilienceTransformer(new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM,
                Sleeper.SYSTEM, line -> { }, (l, f, t) -> { }));
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) { };
        byte[] first = ClassInstrumenterTest.flakyClient("testxf/First", Opcodes.V17, 1);
        byte[] second = ClassInstrumenterTest.flakyClient("testxf/Second", Opcodes.V17, 1);

        assertThat(transformer.transform(loader, "testxf/First", null, null, first)).isNotNull();
        assertThat(transformer.sites()).extracting(Site::methodName).containsExactly("fetch", "store");
        int fetchId = transformer.sites().get(0).id();

        assertThat(transformer.transform(loader, "testxf/Second", null, null, second)).isNotNull();
        // the first class again, as a reload retransforms it: same methods, same ids, nothing added
        assertThat(transformer.transform(loader, "testxf/First", Object.class, null, first)).isNotNull();

        assertThat(transformer.sites()).extracting(Site::className)
                .containsExactly("testxf.First", "testxf.First", "testxf.Second", "testxf.Second");
        assertThat(transformer.sites().get(0).id()).isEqualTo(fetchId);
        assertThat(transformer.sites()).extracting(Site::id).doesNotHaveDuplicates();
    }
}
