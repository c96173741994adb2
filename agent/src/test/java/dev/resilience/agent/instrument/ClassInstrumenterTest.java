package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import dev.resilience.agent.testing.LimitClasses;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rewrite itself, outside a JVM agent: classes of every class-file generation the JVM still
 * loads (no stack map frames before Java 6, frames from then on), with branches that need frames,
 * wide parameters and a void method, are instrumented with the inline and the hand-off advice,
 * defined in a fresh loader (so the verifier checks them) and called: the retry runs the flaky
 * body the configured number of times, and a body that keeps failing ends with its own exception.
 */
class ClassInstrumenterTest {
    private static final String POLICY = """
            version: 1
            rules:
              - name: inline-rule
                match: { class: "testodd.Inline*" }
                retry: { maxAttempts: 3, delay: 1ms }
                timeout: off
                circuitBreaker: off
              - name: handoff-rule
                match: { class: "testodd.Handoff*" }
                retry: { maxAttempts: 3, delay: 1ms }
                timeout: 5s
                circuitBreaker: off
            """;
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** Every version with both advice kinds, through the agent's weaver and through Byte Buddy's advice. */
    static Stream<Arguments> versionsAndAdvice() {
        return Stream.of(true, false).flatMap(weave -> Stream.of(Opcodes.V1_5, Opcodes.V1_6, Opcodes.V1_8, Opcodes.V11, Opcodes.V17)
                .flatMap(version -> Stream.of(Arguments.of(version, "Inline", weave), Arguments.of(version, "Handoff", weave))));
    }

    @ParameterizedTest(name = "class file version {0}, {1} advice, weaver {2}")
    @MethodSource("versionsAndAdvice")
    void retriesAFlakyBodyUntilItSucceeds(int version, String kind, boolean weave) throws Exception {
        Object client = instrumented(version, kind, 3, weave);

        assertThat(client.getClass().getMethod("fetch", long.class, int.class).invoke(client, 40L, 2)).isEqualTo(42L);
        assertThat(calls(client)).isEqualTo(3);

        setCalls(client, 1); // store fails while calls < 3: one failure left
        client.getClass().getMethod("store", double.class).invoke(client, 2.5);
        assertThat(calls(client)).isEqualTo(3);
    }

    @ParameterizedTest(name = "class file version {0}, {1} advice, weaver {2}")
    @MethodSource("versionsAndAdvice")
    void aBodyThatKeepsFailingEndsWithItsOwnExceptionAfterEveryAttempt(int version, String kind, boolean weave) throws Exception {
        Object client = instrumented(version, kind, 10, weave);

        assertThatThrownBy(() -> invoke(client, "fetch", new Class<?>[] {long.class, int.class}, 1L, 1))
                .isInstanceOf(IOException.class).hasMessage("flaky 3");
        assertThat(calls(client)).isEqualTo(3);
    }

    /**
     * Code the weaver must handle with care: a method whose first instruction is a jump target
     * (its frame must not share an offset with the weaver's own), and a return that leaves a value
     * under its result (legal, and what Kotlin emits at times), which the inline weaver leaves to
     * Byte Buddy's advice rather than jump to its exit code with a stack of the wrong height; so is
     * a Java 6 class written without stack map frames (legal for that version only), where the
     * weaver cannot know the stack's height after a jump. The hand-off prologue leaves the body's
     * code as it is, and takes all three.
     */
    @ParameterizedTest(name = "{1}, {0} advice")
    @CsvSource({"Inline, LOOP_AT_START, true", "Handoff, LOOP_AT_START, true", "Inline, EXTRA_STACK, false",
        "Handoff, EXTRA_STACK, true", "Inline, WITHOUT_FRAMES, false", "Handoff, WITHOUT_FRAMES, true"})
    void unusualCodeIsRewrittenAndStillRetried(String kind, Shape shape, boolean woven) throws Exception {
        String name = "testodd." + kind + "Client" + NAMES.incrementAndGet();
        int version = shape == Shape.WITHOUT_FRAMES ? Opcodes.V1_6 : Opcodes.V17;
        Object client = instrumented(name, client(name.replace('.', '/'), version, 3, shape), kind, woven, true);

        assertThat(client.getClass().getMethod("fetch", long.class, int.class).invoke(client, 40L, 2)).isEqualTo(42L);
        assertThat(calls(client)).isEqualTo(3);
    }

    /** A retried body starts again from the arguments the caller passed, whatever an earlier attempt assigned to them. */
    @ParameterizedTest(name = "{0} advice, weaver {1}")
    @CsvSource({"Inline, true", "Inline, false", "Handoff, true", "Handoff, false"})
    void aRetryStartsFromTheOriginalArguments(String kind, boolean weave) throws Exception {
        String name = "testodd." + kind + "Client" + NAMES.incrementAndGet();
        Object client = instrumented(name, client(name.replace('.', '/'), Opcodes.V17, 3, Shape.REASSIGNS_PARAMETER), kind,
                weave, weave);

        assertThat(client.getClass().getMethod("fetch", long.class, int.class).invoke(client, 40L, 2)).isEqualTo(142L);
        assertThat(calls(client)).isEqualTo(3);
    }

    /**
     * A method whose code is just under the JVM's 64 KB limit cannot take the agent's code: it is left
     * as it was (unprotected, with a warning), and the class's other methods are still protected.
     */
    @ParameterizedTest(name = "{0} advice, {1} bytes of code")
    @CsvSource({"Inline, 65503", "Handoff, 65523"}) // the hand-off prologue is 24 bytes here
    void aMethodTooLargeToWrapIsLeftOutAndTheOthersAreStillWoven(String kind, int size) throws Exception {
        String name = "testodd." + kind + "Huge" + NAMES.incrementAndGet();

        Object instance = wovenWithSmallOnly(name, LimitClasses.hugeAndSmall(name.replace('.', '/'), size));

        assertThat(instance.getClass().getMethod("huge").invoke(instance)).isEqualTo(7);
    }

    /**
     * A method using local variable slots up to near the JVM's 65,535 cannot take the inline
     * weaver's own locals above them: it is left as it was (a class the JVM would refuse was once
     * the result), and the class's other methods are still protected. The hand-off prologue needs
     * no local of its own, and protects it.
     */
    @ParameterizedTest(name = "{0} advice")
    @CsvSource({"Inline", "Handoff"})
    void aMethodUsingNearlyEveryLocalSlotIsLeftOutAndTheOthersAreStillWoven(String kind) throws Exception {
        String name = "testodd." + kind + "Wide" + NAMES.incrementAndGet();

        Object instance = woven(name, LimitClasses.wideAndSmall(name.replace('.', '/')),
                kind.equals("Inline") ? new String[] {"small"} : new String[] {"wide", "small"});

        assertThat(instance.getClass().getMethod("wide", int.class).invoke(instance, 5)).isEqualTo(5);
    }

    /**
     * Audit: a class whose methods each fit, but whose weave as a whole passes ASM's limits (one
     * method's jumps pushed past 32 KB make ASM compute frames again for all, one of which has
     * 65,000 local variables), was left unchanged: every method unprotected. One of the two is left
     * out now, and the rest are woven.
     */
    @Test
    void methodsThatPassAsmsLimitsOnlyTogetherLeaveOneOutAndTheOthersAreWoven() throws Exception {
        String name = "testodd.InlineHugeWide" + NAMES.incrementAndGet();
        DefiningLoader loader = new DefiningLoader();

        ClassInstrumenter.Result result = wovenResult(loader, name, LimitClasses.hugeWideAndSmall(name.replace('.', '/'), 60_000, 64_999));

        assertThat(result.sites()).extracting(Site::methodName).contains("small").hasSize(2)
                .containsAnyOf("huge", "wide");
        Object instance = loader.define(name, result.bytes()).getConstructor().newInstance();
        assertThat(instance.getClass().getMethod("small").invoke(instance)).isEqualTo(8);
        assertThat(instance.getClass().getMethod("huge").invoke(instance)).isEqualTo(7);
        assertThat(instance.getClass().getMethod("wide", int.class).invoke(instance, 5)).isEqualTo(5);
    }

    private static Object wovenWithSmallOnly(String name, byte[] original) throws Exception {
        return woven(name, original, "small");
    }

    /**
     * Instruments {@code original} under {@link #POLICY}, checks that exactly the methods
     * {@code protectedMethods} got a site and that {@code small} still returns 8, and gives an
     * instance of the woven class.
     */
    private static Object woven(String name, byte[] original, String... protectedMethods) throws Exception {
        DefiningLoader loader = new DefiningLoader();

        ClassInstrumenter.Result result = wovenResult(loader, name, original);

        assertThat(result.sites()).extracting(Site::methodName).containsExactly(protectedMethods);
        Object instance = loader.define(name, result.bytes()).getConstructor().newInstance();
        assertThat(instance.getClass().getMethod("small").invoke(instance)).isEqualTo(8);
        return instance;
    }

    /** {@code original} instrumented under {@link #POLICY} by the agent's weaver (checked), not yet defined. */
    private static ClassInstrumenter.Result wovenResult(DefiningLoader loader, String name, byte[] original) {
        LoadResult loaded = PolicyLoader.parse(POLICY, "test.yaml");
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { },
                (l, f, t) -> { });
        ClassInstrumenter.Result result = ClassInstrumenter.instrument(loader, name, original,
                policy.matcher().select(loader, name, original), policy, List.of(), true);
        assertThat(result.woven()).isTrue();
        return result;
    }

    /** A new class {@code testodd.<kind>ClientN} whose methods fail while fewer than {@code succeedAt} calls were made. */
    private static Object instrumented(int version, String kind, int succeedAt, boolean weave) throws Exception {
        String name = "testodd." + kind + "Client" + NAMES.incrementAndGet();
        return instrumented(name, flakyClient(name.replace('.', '/'), version, succeedAt), kind,
                weave && version >= Opcodes.V1_6, weave);
    }

    /** {@code original}, instrumented and defined; {@code woven}: whether the agent's weaver must be the one that rewrote it. */
    private static Object instrumented(String name, byte[] original, String kind, boolean woven, boolean weave) throws Exception {
        LoadResult loaded = PolicyLoader.parse(POLICY, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { },
                (l, f, t) -> { });
        DefiningLoader loader = new DefiningLoader();
        List<RuleSelector> selected = policy.matcher().select(loader, name, original);
        assertThat(selected).hasSize(1);

        ClassInstrumenter.Result result = ClassInstrumenter.instrument(loader, name, original, selected, policy, List.of(), weave);

        assertThat(result.bytes()).isNotNull();
        assertThat(result.woven()).as("rewritten by the agent's weaver").isEqualTo(woven);
        assertThat(result.sites()).extracting(Site::methodName).containsExactly("fetch", "store");
        assertThat(result.sites()).extracting(Site::kind)
                .containsOnly(kind.equals("Inline") ? Site.Kind.INLINE : Site.Kind.HANDOFF);
        return loader.define(name, result.bytes()).getConstructor().newInstance();
    }

    private static Object invoke(Object target, String method, Class<?>[] types, Object... arguments) throws Throwable {
        try {
            return target.getClass().getMethod(method, types).invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static int calls(Object client) throws ReflectiveOperationException {
        return client.getClass().getField("calls").getInt(client);
    }

    private static void setCalls(Object client, int value) throws ReflectiveOperationException {
        Field calls = client.getClass().getField("calls");
        calls.setInt(client, value);
    }

    /**
     * {@code public long fetch(long a, int b) throws IOException} and
     * {@code public void store(double d) throws IOException}: each counts the call, throws
     * {@code IOException("flaky " + calls)} while {@code calls < succeedAt}, else returns
     * ({@code a + b} for fetch).
     */
    static byte[] flakyClient(String internalName, int version, int succeedAt) {
        return client(internalName, version, succeedAt, Shape.PLAIN);
    }

    /** How {@code fetch} is written: as javac would, starting with a loop, or returning with a value left under its result (as Kotlin may). */
    enum Shape { PLAIN, LOOP_AT_START, EXTRA_STACK, WITHOUT_FRAMES, REASSIGNS_PARAMETER }

    private static byte[] client(String internalName, int version, int succeedAt, Shape shape) {
        ClassWriter writer = new ClassWriter(shape == Shape.WITHOUT_FRAMES ? ClassWriter.COMPUTE_MAXS
                : ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        writer.visitField(Opcodes.ACC_PUBLIC, "calls", "I", null, null).visitEnd();
        LimitClasses.defaultConstructor(writer);

        MethodVisitor fetch = writer.visitMethod(Opcodes.ACC_PUBLIC, "fetch", "(JI)J", null, new String[] {"java/io/IOException"});
        fetch.visitCode();
        if (shape == Shape.LOOP_AT_START) {
            // while (calls < 0) { } : a jump back to the first instruction, which therefore has a frame
            Label top = new Label();
            fetch.visitLabel(top);
            fetch.visitVarInsn(Opcodes.ALOAD, 0);
            fetch.visitFieldInsn(Opcodes.GETFIELD, internalName, "calls", "I");
            fetch.visitJumpInsn(Opcodes.IFLT, top);
        }
        if (shape == Shape.REASSIGNS_PARAMETER) {
            // a += 100, before the attempt may fail
            fetch.visitVarInsn(Opcodes.LLOAD, 1);
            fetch.visitLdcInsn(100L);
            fetch.visitInsn(Opcodes.LADD);
            fetch.visitVarInsn(Opcodes.LSTORE, 1);
        }
        countAndFailUntil(fetch, internalName, succeedAt);
        if (shape == Shape.EXTRA_STACK) {
            fetch.visitVarInsn(Opcodes.ALOAD, 0); // stays under the result: the return discards it
        }
        fetch.visitVarInsn(Opcodes.LLOAD, 1);
        fetch.visitVarInsn(Opcodes.ILOAD, 3);
        fetch.visitInsn(Opcodes.I2L);
        fetch.visitInsn(Opcodes.LADD);
        fetch.visitInsn(Opcodes.LRETURN);
        fetch.visitMaxs(0, 0);
        fetch.visitEnd();

        MethodVisitor store = writer.visitMethod(Opcodes.ACC_PUBLIC, "store", "(D)V", null, new String[] {"java/io/IOException"});
        store.visitCode();
        countAndFailUntil(store, internalName, succeedAt);
        store.visitInsn(Opcodes.RETURN);
        store.visitMaxs(0, 0);
        store.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** {@code calls++; if (calls < succeedAt) throw new IOException("flaky " + calls);} */
    private static void countAndFailUntil(MethodVisitor method, String owner, int succeedAt) {
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitInsn(Opcodes.DUP);
        method.visitFieldInsn(Opcodes.GETFIELD, owner, "calls", "I");
        method.visitInsn(Opcodes.ICONST_1);
        method.visitInsn(Opcodes.IADD);
        method.visitFieldInsn(Opcodes.PUTFIELD, owner, "calls", "I");
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitFieldInsn(Opcodes.GETFIELD, owner, "calls", "I");
        method.visitLdcInsn(succeedAt);
        Label done = new Label();
        method.visitJumpInsn(Opcodes.IF_ICMPGE, done);
        method.visitTypeInsn(Opcodes.NEW, "java/io/IOException");
        method.visitInsn(Opcodes.DUP);
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitFieldInsn(Opcodes.GETFIELD, owner, "calls", "I");
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "valueOf", "(I)Ljava/lang/String;", false);
        method.visitLdcInsn("flaky ");
        method.visitInsn(Opcodes.SWAP);
        method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
        method.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/io/IOException", "<init>", "(Ljava/lang/String;)V", false);
        method.visitInsn(Opcodes.ATHROW);
        method.visitLabel(done);
    }

    /** Defines the rewritten class; its parent finds the agent's classes the inlined advice calls. */
    private static final class DefiningLoader extends ClassLoader {
        DefiningLoader() {
            super(ClassInstrumenterTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
