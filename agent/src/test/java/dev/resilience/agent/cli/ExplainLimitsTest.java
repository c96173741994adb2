package dev.resilience.agent.cli;

import dev.resilience.agent.testing.LimitClasses;
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
    @CsvSource({"'timeout: off', 65503, inline", "'timeout: 2s', 65523, handoff"})
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

    /** explain over a class path holding only {@code big.Huge}, its {@code huge()} of {@code size} bytes of code, under rule {@code big}. */
    private Run explainHuge(String timeout, int size) throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("big"));
        Files.write(classes.resolve("big/Huge.class"), LimitClasses.hugeAndSmall("big/Huge", size));
        return explainOn(classes.toString(), policy("""
                  - name: big
                    match: { class: big.Huge }
                    %s
                """.formatted(timeout)));
    }
}
