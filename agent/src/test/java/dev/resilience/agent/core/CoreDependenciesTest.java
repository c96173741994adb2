package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** core is plain Java: the hot path must not drag Byte Buddy, Micrometer or logging into the app's loader. */
class CoreDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/resilience/agent/core");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void importsOnlyTheJdkThePolicyRecordsAndTheAgentsExceptionTypes() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                assertThat(m.group(1)).as("import in %s", file.getFileName())
                        .matches("(java|javax)\\..*|dev\\.resilience\\.agent\\.(core|policy|api)\\..*");
            }
        }
    }

    @Test
    void onlyTheSystemClockReadsSystemNanoTime() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            List<String> readers = s.filter(p -> !p.endsWith("NanoClock.java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("System.nanoTime") || Files.readString(p).contains("System::nanoTime");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(p -> p.getFileName().toString())
                    .collect(Collectors.toList());
            assertThat(readers).isEmpty();
        }
    }
}
