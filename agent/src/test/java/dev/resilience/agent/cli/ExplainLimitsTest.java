package dev.resilience.agent.cli;

import dev.resilience.agent.testing.LimitClasses;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * explain and the agent agree on methods the agent's code would take past the JVM's 64 KB limit:
 * the agent leaves them unprotected with a warning, explain lists them as NOT instrumented and warns.
 * The sizes are those of ClassInstrumenterTest's run-time case: just too large for each kind of advice.
 */
class ExplainLimitsTest extends ExplainFixture {

    @ParameterizedTest(name = "{0}, {1} bytes of code")
    // 65512: past the limit once the method's site id takes 3 bytes, as the agent's ids do in a real application
    @CsvSource({"'timeout: off', 65503, inline", "'timeout: 2s', 65523, handoff", "'timeout: 2s', 65512, handoff"})
    void aMethodTheAgentWouldLeaveOutIsListedAsNotInstrumented(String timeout, int size, String runs) throws IOException {
        Run run = explainHuge(timeout, size);

        assertThat(run.lines()).contains("rule big (line 3): 1 method",
                "  big.Huge#huge()  [NOT instrumented: past the JVM's limit of 64 KB per method]",
                "  big.Huge#small()  [" + runs + "]");
        assertThat(run.out()).contains("policy.yaml:4:12: warning: big.Huge#huge() would NOT be instrumented: with the"
                + " agent's code it would pass the JVM's limit of 64 KB per method, so it would run unprotected."
                + " Split the method, or exclude it from the rule");
        assertThat(run.exit()).isZero();
        assertThat(explainOn(dir.resolve("classes").toString(), dir.resolve("policy.yaml"), "--strict").exit()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'timeout: off', 65400", "'timeout: 2s', 65400"})
    void aLargeMethodThatStillFitsIsListedAsInstrumented(String timeout, int size) throws IOException {
        Run run = explainHuge(timeout, size);

        assertThat(run.lines()).contains("rule big (line 3): 2 methods");
        assertThat(run.out()).doesNotContain("NOT instrumented").contains("0 warnings, 0 errors");
    }

    /** The inline weaver's own locals would go above the method's; the hand-off prologue needs none. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"'timeout: off', 'NOT instrumented: past the JVM''s limit of 65,535 local variable slots per method'",
            "'timeout: 2s', handoff"})
    void aMethodUsingNearlyEveryLocalSlotIsListedAsTheAgentWouldTreatIt(String timeout, String listed) throws IOException {
        Run run = explainClass("big/Wide", LimitClasses.wideAndSmall("big/Wide"), timeout);

        assertThat(run.lines()).contains("  big.Wide#wide(int)  [" + listed + "]");
    }

    /**
     * Review: when a class's other method made the agent's weaver give up after it had left one out
     * (the agent then rewrites the rest with Byte Buddy's advice), explain listed that one as protected.
     */
    @Test
    void aMethodLeftOutBeforeTheWeaverGivesUpOnTheClassStaysListedAsNotInstrumented() throws IOException {
        byte[] wideAndOdd = LimitClasses.withSmall("big/Wide", writer -> {
            LimitClasses.wide(writer);
            MethodVisitor odd = writer.visitMethod(Opcodes.ACC_PUBLIC, "odd", "()I", null, null);
            odd.visitCode();
            odd.visitInsn(Opcodes.ICONST_1);
            odd.visitInsn(Opcodes.ICONST_2); // returns with a value left under the result: the weaver refuses such code
            odd.visitInsn(Opcodes.IRETURN);
            odd.visitMaxs(0, 0);
            odd.visitEnd();
        });

        Run run = explainClass("big/Wide", wideAndOdd, "timeout: off");

        assertThat(run.lines()).contains("  big.Wide#wide(int)  [NOT instrumented: past the JVM's limit of 65,535 local"
                + " variable slots per method]", "  big.Wide#odd()  [inline]");
    }

    /** explain over a class path holding only {@code big.Huge}, its {@code huge()} of {@code size} bytes of code, under rule {@code big}. */
    /** Audit: the agent left such a class unchanged while explain listed all its methods as protected; now both leave one out. */
    @Test
    void methodsThatPassAsmsLimitsOnlyTogetherHaveOneListedAsNotInstrumented() throws IOException {
        Run run = explainClass("big/HugeWide", LimitClasses.hugeWideAndSmall("big/HugeWide", 60_000, 64_999), "timeout: off");

        assertThat(run.lines()).contains("rule big (line 3): 2 methods", "  big.HugeWide#small()  [inline]");
        assertThat(run.lines()).filteredOn(line -> line.contains("[NOT instrumented: past the limits of ASM, the bytecode"
                + " library, on the work of computing its stack map frames")).hasSize(1);
    }

    private Run explainHuge(String timeout, int size) throws IOException {
        return explainClass("big/Huge", LimitClasses.hugeAndSmall("big/Huge", size), timeout);
    }

    /** explain over a class path holding only the class {@code internalName}, under rule {@code big} matching it. */
    private Run explainClass(String internalName, byte[] bytes, String timeout) throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("big"));
        Files.write(classes.resolve(internalName + ".class"), bytes);
        return explainOn(classes.toString(), policy("""
                  - name: big
                    match: { class: %s }
                    %s
                """.formatted(internalName.replace('/', '.'), timeout)));
    }

    /** Audit: a 2 MB jar whose class entry inflated to gigabytes killed explain with a bare OutOfMemoryError. */
    @Test
    void aClassEntryInflatingPastTheLimitIsReportedNotRead() throws IOException {
        Path jar = dir.resolve("bomb.jar");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("bomb/Client.class"));
            byte[] zeros = new byte[1 << 20];
            for (int mb = 0; mb < 65; mb++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        Path policy = policy("""
                  - name: bomb
                    match: { class: bomb.Client }
                """);

        Run run = explainOn(jar.toString(), policy);

        assertThat(run.out()).as(run.err()).contains("warning: cannot read class bomb.Client (larger than 64 MB");
        assertThat(run.err()).doesNotContain("OutOfMemoryError");
        assertThat(run.exit()).isZero();
    }

    /** Fuzz audit: a class file that is garbage was called missing, with the name as written for a suggestion. */
    @Test
    void aClassThatCannotBeReadIsSaidToBeThereButUnreadable() throws IOException {
        Path classes = garbageClass("com/ex/Client");
        Path policy = policy("""
                  - name: c
                    match: { class: com.ex.Client }
                """);

        Run run = explainOn(classes.toString(), policy);

        assertThat(run.out()).as(run.err()).contains("warning: cannot read class com.ex.Client (")
                .contains("rule c matches no method on this class path: class com.ex.Client is on it but could not be"
                        + " read (see the warning above)")
                .doesNotContain("did you mean com.ex.Client?").doesNotContain("(java.lang.");
        assertThat(run.exit()).isZero();
    }

    /** Review: a glob or subtypeOf rule was still told there is no such class, the warning before it aside. */
    @Test
    void globAndSubtypeRulesSayTheClassIsThereButUnreadable() throws IOException {
        Path classes = garbageClass("com/ex/Client");
        Path policy = policy("""
                  - name: g
                    match: { class: "com.ex.*" }
                  - name: s
                    match: { subtypeOf: com.ex.Client }
                """);

        Run run = explainOn(classes.toString(), policy);

        assertThat(run.out()).as(run.err())
                .contains("rule g matches no method on this class path: no class on it that could be read matches"
                        + " com.ex.*; 1 class that matches it could not be read (see the warnings above)")
                .contains("rule s matches no method on this class path: type com.ex.Client is on it but could not be"
                        + " read (not a valid class file)");
        assertThat(run.exit()).isZero();
    }

    /** A class path directory holding one class file of 500 random bytes at {@code internalName}. */
    private Path garbageClass(String internalName) throws IOException {
        Path classes = dir.resolve("classes");
        Path file = classes.resolve(internalName + ".class");
        Files.createDirectories(file.getParent());
        byte[] garbage = new byte[500];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(file, garbage);
        return classes;
    }

    /** Audit: in a multi-release jar explain read the base classes while the agent, on the same JVM, instrumented the versioned ones. */
    @Test
    void aMultiReleaseJarIsReadAsThisJvmReadsIt() throws IOException {
        Path jar = dir.resolve("mr.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new java.util.jar.Attributes.Name("Multi-Release"), "true");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.zip.ZipEntry("META-INF/versions/17/testapp/LegacyClient.class"));
            out.write(Files.readAllBytes(testClasses().resolve("testapp/LegacyClient.class")));
            out.closeEntry();
        }
        Path policy = policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                """);

        Run run = explainOn(jar.toString(), policy);

        assertThat(run.out()).as(run.err()).contains("  testapp.LegacyClient#get(java.lang.String)  [");
        assertThat(run.exit()).isZero();
    }
}
