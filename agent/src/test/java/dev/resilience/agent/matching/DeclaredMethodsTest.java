package dev.resilience.agent.matching;

import dev.resilience.agent.testing.JavaBaseClasses;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The transformer reads a selected class's methods straight from its class file; {@code explain}
 * reads them from Byte Buddy's description of the class. Rules must select the same methods
 * either way, so both readers must give the same records, field for field.
 */
class DeclaredMethodsTest {
    @Test
    void theClassFileReaderAgreesWithByteBuddysDescriptionOnEveryClassOfJavaBase() throws IOException {
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.ofSystemLoader());
        int methods = 0;
        int bridgesOrSynthetic = 0;
        int withExceptions = 0;
        int futureValueTypes = 0;
        for (JavaBaseClasses.ClassFileAt classFile : JavaBaseClasses.under("java")) {
            List<DeclaredMethod> fromClassFile = DeclaredMethods.of(classFile.bytes());

            assertThat(fromClassFile).as(classFile.name())
                    .isEqualTo(DescribedMethods.of(pool.describe(classFile.name()).resolve()));
            for (DeclaredMethod method : fromClassFile) {
                methods++;
                bridgesOrSynthetic += method.bridgeOrSynthetic() ? 1 : 0;
                withExceptions += method.exceptionTypes().isEmpty() ? 0 : 1;
                futureValueTypes += method.futureValueType() == null ? 0 : 1;
            }
        }
        assertThat(methods).isGreaterThan(20_000);
        assertThat(bridgesOrSynthetic).isGreaterThan(100);
        assertThat(withExceptions).isGreaterThan(1_000);
        assertThat(futureValueTypes).as("CompletableFuture<Void> and the like, read from generic signatures").isGreaterThan(20);
    }

    @Test
    void aFuturesValueTypeIsReadFromTheGenericSignature() {
        assertThat(DeclaredMethod.futureValueType("(Ljava/lang/String;)Ljava/util/concurrent/CompletionStage<Ljava/lang/Integer;>;"))
                .isEqualTo("java.lang.Integer");
        assertThat(DeclaredMethod.futureValueType("<T:Ljava/lang/Object;>()Ljava/util/concurrent/CompletableFuture<Ljava/util/List<TT;>;>;"))
                .isEqualTo("java.util.List");
        assertThat(DeclaredMethod.futureValueType("<T:Ljava/lang/Object;>()Ljava/util/concurrent/CompletableFuture<TT;>;")).isNull();
        assertThat(DeclaredMethod.futureValueType("()Ljava/util/concurrent/CompletableFuture<*>;")).isNull();
        assertThat(DeclaredMethod.futureValueType("()Ljava/util/concurrent/CompletableFuture<+Ljava/lang/Number;>;")).isNull();
        assertThat(DeclaredMethod.futureValueType("()Ljava/util/concurrent/CompletableFuture<[B>;")).isNull();
        assertThat(DeclaredMethod.futureValueType("()Ljava/util/concurrent/CompletableFuture<Ljava/lang/Void;>;^Ljava/io/IOException;"))
                .isEqualTo("java.lang.Void");
    }

    /** Before Java 5 a compiler marked a synthetic method with an attribute, not the flag: such a method is never matched either. */
    @Test
    void aMethodMarkedSyntheticByAnAttributeIsSyntheticAndThrownTypesAreRead() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_4, Opcodes.ACC_PUBLIC, "old/Style", null, "java/lang/Object", null);
        writer.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, "access$000", "(Lold/Style;)I", null, null).visitEnd();
        writer.visitMethod(Opcodes.ACC_PUBLIC, "fetch", "(J[Ljava/lang/String;)[B", null,
                new String[] {"java/io/IOException", "java/lang/InterruptedException"}).visitEnd();
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("ASM wrote the attribute").contains("Synthetic");

        List<DeclaredMethod> methods = DeclaredMethods.of(bytes);

        assertThat(methods).extracting(DeclaredMethod::name, DeclaredMethod::bridgeOrSynthetic)
                .containsExactly(tuple("access$000", true), tuple("fetch", false));
        DeclaredMethod fetch = methods.get(1);
        assertThat(fetch.parameterTypes()).containsExactly("long", "java.lang.String[]");
        assertThat(fetch.returnType()).isEqualTo("byte[]");
        assertThat(fetch.exceptionTypes()).containsExactly("java.io.IOException", "java.lang.InterruptedException");
        assertThat(fetch.modifiers()).isEqualTo(Opcodes.ACC_PUBLIC);
    }
}
