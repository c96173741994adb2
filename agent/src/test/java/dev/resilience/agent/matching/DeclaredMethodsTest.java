package dev.resilience.agent.matching;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/")); // the JDK's own: never closed
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base/java"))) {
            for (Path path : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().endsWith("-info.class"))::iterator) {
                byte[] bytes = Files.readAllBytes(path);
                String name = path.toString().substring("/modules/java.base/".length()).replace(".class", "").replace('/', '.');
                List<DeclaredMethod> fromClassFile = DeclaredMethods.of(bytes);

                assertThat(fromClassFile).as(name).isEqualTo(DescribedMethods.of(pool.describe(name).resolve()));
                for (DeclaredMethod method : fromClassFile) {
                    methods++;
                    bridgesOrSynthetic += method.bridgeOrSynthetic() ? 1 : 0;
                    withExceptions += method.exceptionTypes().isEmpty() ? 0 : 1;
                }
            }
        }
        assertThat(methods).isGreaterThan(20_000);
        assertThat(bridgesOrSynthetic).isGreaterThan(100);
        assertThat(withExceptions).isGreaterThan(1_000);
    }
}
