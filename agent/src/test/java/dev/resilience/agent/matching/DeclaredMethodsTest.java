package dev.resilience.agent.matching;

import dev.resilience.agent.testing.JavaBaseClasses;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
        for (JavaBaseClasses.ClassFileAt classFile : JavaBaseClasses.under("java")) {
            List<DeclaredMethod> fromClassFile = DeclaredMethods.of(classFile.bytes());

            assertThat(fromClassFile).as(classFile.name())
                    .isEqualTo(DescribedMethods.of(pool.describe(classFile.name()).resolve()));
            for (DeclaredMethod method : fromClassFile) {
                methods++;
                bridgesOrSynthetic += method.bridgeOrSynthetic() ? 1 : 0;
                withExceptions += method.exceptionTypes().isEmpty() ? 0 : 1;
            }
        }
        assertThat(methods).isGreaterThan(20_000);
        assertThat(bridgesOrSynthetic).isGreaterThan(100);
        assertThat(withExceptions).isGreaterThan(1_000);
    }
}
