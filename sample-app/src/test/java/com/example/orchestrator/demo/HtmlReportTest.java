package com.example.orchestrator.demo;

import static com.example.orchestrator.demo.Fixtures.failed;
import static com.example.orchestrator.demo.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void isOneSelfContainedPageWithATimelinePerServiceAndRun() throws Exception {
        DemoRun without = Fixtures.run(false, List.of(ok("whisper", 0, 10), failed("ollama", 100, 5, "java.io.IOException", "reset <&>")),
                Map.of("whisper", List.of(0L), "ollama", List.of(100L)), List.of());
        DemoRun with = Fixtures.run(true, List.of(ok("whisper", 0, 10), ok("ollama", 100, 80)),
                Map.of("whisper", List.of(0L), "ollama", List.of(100L, 150L)), List.of());
        Path file = dir.resolve("report.html");

        HtmlReport.write(Comparison.of(without, with), file, null);

        String html = Files.readString(file);
        for (String service : SimulatedServices.SERVICES) {
            assertThat(html).contains("id=\"timeline-without-agent-" + service + "\"", "id=\"timeline-with-agent-" + service + "\"");
        }
        assertThat(html).doesNotContain("<script", "src=", "href=", "url(", "@import");
        assertThat(html).contains("<td>jobs completed</td><td>1 / 2</td><td>1 / 2</td>");
    }
}
