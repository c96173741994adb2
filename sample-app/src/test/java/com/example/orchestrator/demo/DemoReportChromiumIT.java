package com.example.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs a short demo (forked app JVMs, with the agent when its jar exists), then renders
 * demo-report.html in headless Chromium and checks that every timeline is laid out with a size and visible slices.
 * Skipped when /usr/bin/chromium is missing (.ci/run installs Debian's chromium package).
 */
class DemoReportChromiumIT {
    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

    @Test
    void theReportsTimelinesRenderInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " not found: install Debian's chromium package (.ci/run does) "
                + "or pass -Dchromium=PATH to check the demo report in a browser");
        Path root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
        Path report = Path.of("target", "chromium-it", "demo-report.html").toAbsolutePath();
        System.setProperty("demo.report", report.toString());
        System.setProperty("demo.policy", root.resolve("policies/sample-app-demo.yaml").toString());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = DemoDriver.run(12, 4, 50, 42, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
        String dom = dumpDom(withLayoutProbe(report));
        for (String service : SimulatedServices.SERVICES) {
            assertRendered(dom, "timeline-without-agent-" + service);
        }
        if (Files.isRegularFile(agentJar())) {
            for (String service : SimulatedServices.SERVICES) {
                assertRendered(dom, "timeline-with-agent-" + service);
            }
            // the agent's shutdown summary was read: each service's table has its timed-out attempts
            assertThat(Pattern.compile("timed-out attempts \\(agent\\)\\s+n/a\\s+\\d+")
                    .matcher(console.toString(StandardCharsets.UTF_8)).results().count()).isEqualTo(SimulatedServices.SERVICES.size());
        }
        assertThat(dom).contains("<rect");
    }

    /**
     * A copy of the report whose last script writes, on every timeline, the size Chromium laid it
     * out at and how many of its rectangles have an area: a timeline in the DOM that rendered as
     * nothing (no size, no visible slice) then fails the test. The report itself has no script.
     */
    static Path withLayoutProbe(Path report) throws Exception {
        String probe = "<script>document.querySelectorAll('svg[id^=\"timeline-\"]').forEach(function (svg) {"
                + " var box = svg.getBoundingClientRect(); var drawn = 0;"
                + " svg.querySelectorAll('rect').forEach(function (r) { var b = r.getBoundingClientRect();"
                + " if (b.width > 0 && b.height > 0) { drawn++; } });"
                + " svg.setAttribute('data-rendered', Math.round(box.width) + 'x' + Math.round(box.height) + 'x' + drawn);"
                + " });</script>";
        String html = Files.readString(report, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        assertThat(end).as("the report has a body").isPositive();
        Path probed = report.resolveSibling("demo-report-probed.html");
        Files.writeString(probed, html.substring(0, end) + probe + html.substring(end), StandardCharsets.UTF_8);
        return probed;
    }

    /** The timeline is in the rendered DOM with a size and at least one visible slice. */
    static void assertRendered(String dom, String id) {
        java.util.regex.Matcher m = Pattern.compile("<svg[^>]*id=\"" + id + "\"[^>]*data-rendered=\"(\\d+)x(\\d+)x(\\d+)\"")
                .matcher(dom);
        assertThat(m.find()).as("rendered DOM has the %s timeline, laid out", id).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("%s width", id).isPositive();
        assertThat(Integer.parseInt(m.group(2))).as("%s height", id).isPositive();
        assertThat(Integer.parseInt(m.group(3))).as("%s visible slices", id).isPositive();
    }

    static String dumpDom(Path html) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("dom", ".html");
        List<String> cmd = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not end within 60 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The agent jar location the ITs use (failsafe sets agent.jar). */
    static Path agentJar() {
        return Path.of(System.getProperty("agent.jar", "../agent/target/resilience-agent.jar")).toAbsolutePath().normalize();
    }
}
