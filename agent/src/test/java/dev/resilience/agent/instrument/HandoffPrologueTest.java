package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import testprologue.PrologueAnnotated;
import testprologue.PrologueShapes;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-off prologue on compiled code ({@link PrologueShapes}): the rewritten class passes the
 * JVM's verifier, and every method gives what the original gives, both when a thread-mode rule
 * runs its body on a worker and when its site is unbound (the agent gives the body back and the
 * original code runs in place).
 */
class HandoffPrologueTest {
    private static final String NAME = PrologueShapes.class.getName();
    private static final String POLICY = """
            version: 1
            rules:
              - name: shapes
                match: { class: testprologue.PrologueShapes, methods: ["*"] }
                retry: { maxAttempts: 3, delay: 1ms }
                timeout: 5s
                circuitBreaker: off
            """;

    @Test
    void underAThreadModeRuleEveryMethodRunsOnAWorkerAndGivesWhatTheOriginalGives() throws Exception {
        byte[] original = bytes(PrologueShapes.class);
        LoadResult loaded = PolicyLoader.parse(POLICY, "prologue.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { },
                (l, f, t) -> { });
        Loader loader = new Loader();

        ClassInstrumenter.Result result = ClassInstrumenter.instrument(loader, NAME, original,
                policy.matcher().select(loader, NAME, original), policy);

        assertThat(result.woven()).isTrue();
        assertThat(result.sites()).hasSize(PrologueShapes.class.getDeclaredMethods().length)
                .allSatisfy(site -> assertThat(site.kind()).isEqualTo(Site.Kind.HANDOFF));
        Map<String, SiteWeaver.Target> targets = new HashMap<>();
        for (Site site : result.sites()) {
            targets.put(SiteWeaver.key(site.methodName(), site.descriptor()), new SiteWeaver.Target(site.id(), true));
        }
        assertThat(result.bytes()).as("the prologue's rewrite, not the full weaver's")
                .isEqualTo(HandoffPrologue.patch(new ClassReader(original), original, targets));
        Object shapes = loader.define(NAME, result.bytes()).getConstructor().newInstance();
        assertBehavesAsTheOriginal(shapes);
        assertThat((String) call(shapes, "thread")).startsWith("resilience-timeout");
        assertThat(call(shapes, "flaky")).as("one failure retried").isEqualTo(2);
    }

    @Test
    void withItsSitesUnboundEveryMethodRunsInPlaceAsTheOriginal() throws Exception {
        byte[] original = bytes(PrologueShapes.class);
        Loader loader = new Loader();
        Map<String, SiteWeaver.Target> targets = new HashMap<>();
        for (Method method : PrologueShapes.class.getDeclaredMethods()) {
            String descriptor = Type.getMethodDescriptor(method);
            String[] parameters = Arrays.stream(method.getParameterTypes()).map(Class::getTypeName).toArray(String[]::new);
            Site unbound = Sites.register(id -> new Site(id, NAME, method.getName(), descriptor, parameters, Site.Kind.HANDOFF,
                    false, false, method.getReturnType() == void.class, loader));
            targets.put(SiteWeaver.key(method.getName(), descriptor), new SiteWeaver.Target(unbound.id(), true));
        }

        Object shapes = loader.define(NAME, HandoffPrologue.patch(new ClassReader(original), original, targets))
                .getConstructor().newInstance();

        assertBehavesAsTheOriginal(shapes);
        assertThat(call(shapes, "thread")).isEqualTo(Thread.currentThread().getName());
        assertThatThrownBy(() -> call(shapes, "flaky")).hasRootCauseMessage("first");
    }

    /** The site's id is pushed in the shortest form that holds it. */
    @ParameterizedTest(name = "id {0}")
    @CsvSource({"3, 06", "100, 10 64", "1000, 11 03 e8", "1000000, 13"})
    void theSiteIdIsPushedInItsShortestForm(int id, String opcodes) {
        ConstantPoolAppender pool = new ConstantPoolAppender(10);

        PrologueCode prologue = new PrologueCode(id, 1, true, new Type[0], Type.VOID_TYPE, pool);

        byte[] code = prologue.code.toByteArray();
        int start = 0;
        while (code[start] == 0) {
            start++; // the padding
        }
        String[] expected = opcodes.split(" ");
        for (int i = 0; i < expected.length; i++) {
            assertThat(code[start + i] & 0xFF).isEqualTo(Integer.parseInt(expected[i], 16));
        }
        if (id > Short.MAX_VALUE) {
            byte[] entries = pool.entries().toByteArray();
            assertThat(Arrays.copyOfRange(entries, 0, 5)).as("CONSTANT_Integer, the first constant appended")
                    .containsExactly(3, 0, 0x0F, 0x42, 0x40);
            assertThat(((code[start + 1] & 0xFF) << 8) | (code[start + 2] & 0xFF)).isEqualTo(10);
        }
        assertThat(prologue.length() % 4).as("the body's switches keep their padding").isZero();
    }

    /** Type annotations in code hold offsets the prologue does not move: the class goes to the full weaver. */
    @Test
    void codeWithTypeAnnotationsIsLeftToTheFullWeaver() throws Exception {
        byte[] original = bytes(PrologueAnnotated.class);
        Map<String, SiteWeaver.Target> targets = Map.of(
                SiteWeaver.key("annotatedLocal", "(Ljava/lang/String;)Ljava/util/List;"), new SiteWeaver.Target(3, true));

        assertThatThrownBy(() -> HandoffPrologue.patch(new ClassReader(original), original, targets))
                .isInstanceOf(SiteWeaver.Refused.class).hasMessageContaining("RuntimeVisibleTypeAnnotations");
    }

    private static void assertBehavesAsTheOriginal(Object shapes) throws Exception {
        Class<?> type = shapes.getClass();
        assertThat(type).isNotSameAs(PrologueShapes.class);
        PrologueShapes expected = new PrologueShapes();
        assertThat(type.getMethod("everyType", int.class, long.class, float.class, double.class, boolean.class, byte.class,
                char.class, short.class, String.class, int[].class).invoke(null, 1, 2L, 3f, 4d, true, (byte) 5, 'a', (short) 6,
                "xyz", new int[2])).isEqualTo(PrologueShapes.everyType(1, 2L, 3f, 4d, true, (byte) 5, 'a', (short) 6, "xyz", new int[2]));
        for (int x : new int[] {0, 3, 7, 100, 10_000}) {
            assertThat(call(shapes, "switches", x)).isEqualTo(expected.switches(x));
        }
        assertThat(call(shapes, "handlers", "42")).isEqualTo(42);
        assertThat(call(shapes, "handlers", "x")).isEqualTo(-1);
        assertThat(type.getMethod("loopAtStart", int.class).invoke(null, 7)).isEqualTo(-1);
        assertThat(call(shapes, "madeAcrossABranch", true).toString()).isEqualTo("yes7");
        List<String> out = new ArrayList<>();
        assertThat(type.getMethod("nothing", List.class).invoke(shapes, out)).isNull();
        assertThat(out).containsExactly("ran");
        assertThat((double[]) call(shapes, "array", 1.5d)).containsExactly(1.5, 3.0);
        assertThat(call(shapes, "negate", true)).isEqualTo(false);
        assertThat(call(shapes, "next", 'a')).isEqualTo('b');
        assertThat(call(shapes, "half", 3f)).isEqualTo(1.5f);
        assertThat(call(shapes, "lowByte", 300)).isEqualTo((byte) 44);
        assertThat(call(shapes, "asShort", 70_000)).isEqualTo((short) 4464);
    }

    private static Object call(Object target, String name, Object... arguments) throws Exception {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name)) {
                return method.invoke(target, arguments);
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static byte[] bytes(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the rewritten class under its own name, beside the original; its parent finds the agent's classes. */
    private static final class Loader extends ClassLoader {
        Loader() {
            super(HandoffPrologueTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
