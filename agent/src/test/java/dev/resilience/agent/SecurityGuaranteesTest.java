package dev.resilience.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source-level checks behind the guarantees in SECURITY.md, so that a change which would break one
 * fails here and has to be reviewed (and SECURITY.md updated) rather than slipping in.
 */
class SecurityGuaranteesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/resilience/agent");

    private static Map<String, String> sources() {
        Map<String, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                try {
                    texts.put(SOURCES.relativize(p).toString().replace('\\', '/'), Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(texts).hasSizeGreaterThan(50);
        return texts;
    }

    /**
     * YAML is composed into a node tree and read by hand: nothing of snakeyaml-engine that constructs
     * objects from a document (Load, the constructor package, tag constructors) is used anywhere.
     */
    @Test
    void yamlIsOnlyParsedAndComposedNeverConstructed() {
        Pattern snakeyaml = Pattern.compile("org\\.snakeyaml\\.engine\\.v2\\.[\\w.]+");
        // The parser and composer themselves (what Parse and Compose wrap): SafeYaml parses once and
        // composes from the recorded events, which keeps a second scan off the agent's start.
        List<String> allowed = List.of(
                "org.snakeyaml.engine.v2.api.LoadSettings", "org.snakeyaml.engine.v2.api.lowlevel.Compose",
                "org.snakeyaml.engine.v2.api.lowlevel.Parse", "org.snakeyaml.engine.v2.schema.CoreSchema",
                "org.snakeyaml.engine.v2.scanner.ScannerImpl", "org.snakeyaml.engine.v2.scanner.StreamReader",
                "org.snakeyaml.engine.v2.parser.Parser", "org.snakeyaml.engine.v2.parser.ParserImpl",
                "org.snakeyaml.engine.v2.composer.Composer");
        sources().forEach((file, text) -> {
            Matcher m = snakeyaml.matcher(text);
            while (m.find()) {
                String used = m.group();
                boolean dataOnly = used.matches("org\\.snakeyaml\\.engine\\.v2\\.(nodes|events|exceptions|common|tokens)\\.\\w+");
                assertThat(dataOnly || allowed.contains(used)).as("%s uses %s", file, used).isTrue();
            }
            assertThat(text).as(file).doesNotContain("setTagConstructors", "ConstructNode", "setSchema(new JsonSchema");
        });
    }

    /**
     * Policy names are resolved only through the instrumented class's own loader. The few places that
     * load a class by name are listed here with the loader they use; a new one must be reviewed.
     */
    @Test
    void onlyReviewedPlacesLoadClassesByName() {
        Pattern loading = Pattern.compile("Class\\.forName|\\.loadClass\\(|getSystemClassLoader|getSystemResource"
                + "|getPlatformClassLoader|MethodHandles\\.lookup\\(\\)\\.findClass");
        Map<String, Long> found = new TreeMap<>();
        sources().forEach((file, text) -> {
            long count = loading.matcher(text).results().count();
            if (count > 0) {
                found.put(file, count);
            }
        });
        assertThat(found).isEqualTo(Map.of(
                // onFailure.exception, and java.* names in retryOn/abortOn/ignoreOn, checked at validation against
                // JDK classes only (the platform loader), never initialised (SECURITY.md); a name without a
                // package looked up in a fixed list of JDK packages, the same way; the java.* class of a
                // fallback.method, whether the JDK defines it, the same way
                "policy/ExceptionClassCheck.java", 4L,
                "policy/PolicyLoader.java", 1L,
                // whether a loader resolves the agent's own Dispatch class (a constant, never a policy's name)
                "instrument/AgentVisibility.java", 1L,
                // the agent's own classes, a fixed list, readied for the first call: linked, never initialised;
                // and a fixed list of the agent's and the JDK's with side-effect-free initialisers, initialised at start
                "instrument/CallPathWarmup.java", 2L,
                // onFailure.exception and fallback.method: the instrumented method's own class loader
                "instrument/ExceptionConstructors.java", 1L,
                "instrument/Fallback.java", 1L,
                // the application's own Micrometer, through the loader that loaded its Metrics class
                "metrics/AppMicrometerSink.java", 2L,
                // the agent's own threads start with the system loader as context loader: nothing is loaded
                "core/AgentThreads.java", 1L,
                // command-line tools, never in the application's JVM: explain reads class files
                // over the platform loader; attach --list reaches the JDK's attach API
                "cli/ClassPathLocator.java", 1L,
                "cli/Jvms.java", 3L));
    }

    @Test
    void theMetricsEndpointDefaultsToLoopback() {
        assertThat(AgentArguments.parse("policy=p.yaml,metrics.port=9464").metricsHost()).isEqualTo("127.0.0.1");
        assertThat(AgentArguments.parse("p.yaml").metricsHost()).isEqualTo("127.0.0.1");
    }
}
