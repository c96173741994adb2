package dev.resilience.agent.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Micrometer is imported by the metrics package and nowhere else (and no Prometheus client anywhere: the endpoint writes its text itself). */
class MetricsDependenciesTest {

    @Test
    void onlyTheMetricsPackageImportsMicrometerOrPrometheus() throws IOException {
        Path sources = Path.of("src/main/java/dev/resilience/agent");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(sources.resolve("metrics")))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return text.contains("import io.micrometer") || text.contains("import io.prometheus");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theApplicationsMicrometerIsNamedWithoutARelocatableConstant() {
        // the shade plugin rewrites string constants naming relocated packages; this name must survive as is
        assertThat(ClassLoadWatcher.METRICS).isEqualTo("io.micrometer.core.instrument.Metrics");
    }
}
