package dev.resilience.agent.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar as a command-line tool, run as users run it ({@code java -jar resilience-agent.jar ...}). */
class CliIT {
    /** Audit (operators): nothing said which agent version a JVM or a script was using. */
    @ParameterizedTest
    @ValueSource(strings = {"version", "--version"})
    void printsTheVersionFromTheJarsManifest(String verb) {
        ForkedApp.Result result = ForkedApp.cli(verb);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).singleElement().asString().matches("resilience-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
