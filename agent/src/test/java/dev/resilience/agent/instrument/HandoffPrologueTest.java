package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prologue on compiled code: the rewritten class passes the JVM's verifier and, with its sites
 * unbound (the agent's entry point gives the body back), every method behaves as the original.
 * Site ids of every size the prologue pushes differently (iconst, bipush, sipush, ldc_w).
 */
class HandoffPrologueTest {
    private static final String NAME = PrologueShapes.class.getName();
    private static final int[] IDS = {3, 100, 1_000, 1_000_000};

    @Test
    void everyMethodBehavesAsTheOriginalWhenItsSiteGivesTheBodyBack() throws Exception {
        byte[] original = bytes();
        Map<String, SiteWeaver.Target> targets = new HashMap<>();
        ClassReader reader = new ClassReader(original);
        int i = 0;
        for (Method method : PrologueShapes.class.getDeclaredMethods()) {
            if (!method.getName().equals("annotatedLocal") && !method.isSynthetic()) {
                String descriptor = net.bytebuddy.jar.asm.Type.getMethodDescriptor(method);
                targets.put(SiteWeaver.key(method.getName(), descriptor), new SiteWeaver.Target(IDS[i++ % IDS.length], true));
            }
        }

        byte[] patched = HandoffPrologue.patch(reader, original, targets);

        assertThat(patched.length).isGreaterThan(original.length);
        Class<?> type = new Loader().define(NAME, patched);
        assertThat(type).isNotSameAs(PrologueShapes.class);
        Object shapes = type.getConstructor().newInstance();
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
    }

    /** Type annotations in code hold offsets the prologue does not move: the class goes to the full weaver. */
    @Test
    void codeWithTypeAnnotationsIsLeftToTheFullWeaver() throws Exception {
        byte[] original = bytes();
        Map<String, SiteWeaver.Target> targets = Map.of(
                SiteWeaver.key("annotatedLocal", "(Ljava/lang/String;)Ljava/util/List;"), new SiteWeaver.Target(3, true));

        assertThatThrownBy(() -> HandoffPrologue.patch(new ClassReader(original), original, targets))
                .isInstanceOf(SiteWeaver.Refused.class).hasMessageContaining("RuntimeVisibleTypeAnnotations");
    }

    private static Object call(Object target, String name, Object argument) throws Exception {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name)) {
                return method.invoke(target, argument);
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static byte[] bytes() throws Exception {
        try (InputStream in = PrologueShapes.class.getResourceAsStream("PrologueShapes.class")) {
            return in.readAllBytes();
        }
    }

    /** Defines the patched class under its own name, beside the original; its parent finds the agent's classes. */
    private static final class Loader extends ClassLoader {
        Loader() {
            super(HandoffPrologueTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
