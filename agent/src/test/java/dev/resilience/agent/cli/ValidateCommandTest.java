package dev.resilience.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    private static final String VALID = """
            version: 1
            rules:
              - name: ollama
                match: { class: com.example.OllamaClient }
                retry: { maxAttempts: 4, delay: 1s }
              - name: storage
                match: { subtypeOf: com.example.BlobStore }
                retry: off
            """;

    /** a and b take the same default methods; d names get, which a, b (on com.x.A) and c (on com.x.B) take too. */
    private static final String OVERLAPS = """
            version: 1
            rules:
              - name: a
                match: { class: com.x.A }
              - name: b
                match: { class: com.x.A }
              - name: c
                match: { class: com.x.B, methods: [get] }
              - name: d
                match: { class: "com.x.*", methods: [get] }
            """;
    private static final String ONE_RULE = "; a method may belong to one rule only (at run time the first rule in the"
            + " file that matches it applies, and the agent logs a warning). ";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ValidateCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    @Test
    void printsOnlyTheOkLineAndExitsZeroForAValidPolicy() throws IOException {
        String file = write("policy.yaml", VALID);
        assertThat(run(file)).isZero();
        assertThat(out()).isEqualTo(file + ": ok (2 rules)" + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void namesTheFileExactlyAsGiven() throws IOException {
        write("policy.yaml", VALID);
        String asGiven = dir + "/./policy.yaml";
        assertThat(run(asGiven)).isZero();
        assertThat(out()).startsWith(asGiven + ": ok (2 rules)");
    }

    @Test
    void printsEveryProblemOnePerLineAndExitsOne() throws IOException {
        String file = write("bad.yaml", """
                version: 1
                rules:
                  - name: a
                    match: { class: com.example.A }
                    retry: { maxAttempts: three, dealy: 1s }
                """);
        assertThat(run(file)).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                file + ":5:27: rules[0].retry.maxAttempts: expected an integer >= 1, got \"three\"",
                file + ":5:34: rules[0].retry.dealy: unknown key; did you mean `delay`?");
    }

    /** Regression: a disallowed tag hid every other problem of the file. */
    @Test
    void printsATagProblemTogetherWithEveryOtherProblem() throws IOException {
        String file = write("tagged.yaml", """
                version: 1
                rules:
                  - name: a
                    match: { class: !!str com.x.A }
                    retry: { maxAttempts: 0 }
                  - name: b
                    match: { class: !foo com.x.B }
                    retry: { maxAttempts: 0 }
                """);
        assertThat(run(file)).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                file + ":5:27: rules[0].retry.maxAttempts: expected an integer >= 1, got 0",
                file + ":7:21: the tag `!foo` is not allowed; a policy uses plain YAML values only (remove the tag)",
                file + ":8:27: rules[1].retry.maxAttempts: expected an integer >= 1, got 0");
    }

    /** Regression: {@code defaults} was checked against the built-in values instead of each rule's merged ones. */
    @Test
    void acceptsADelayInDefaultsThatEveryRuleCapsWithItsOwnMaxDelay() throws IOException {
        String file = write("merged.yaml", """
                version: 1
                defaults:
                  retry: { delay: 20s }
                rules:
                  - name: e
                    match: { class: "com.x.E" }
                    retry: { maxDelay: 30s }
                """);
        assertThat(run(file)).isZero();
        assertThat(out()).isEqualTo(file + ": ok (1 rules)" + System.lineSeparator());
    }

    /** Regression: validate never reported a method matched by two rules (contract: validate and explain report it). */
    @Test
    void reportsEveryPairOfRulesThatCertainlyMatchTheSameMethod() throws IOException {
        String file = write("overlaps.yaml", OVERLAPS);
        assertThat(run(file)).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                file + ":6:12: rules[1].match: rules a and b both take the default methods of class com.x.A (every"
                        + " public, non-static declared method except equals, hashCode and toString)" + ONE_RULE
                        + "Give them methods lists that do not overlap, or merge them into one rule",
                file + ":10:12: rules[3].match: rule d names method get of class com.x.A, which rule a, having no"
                        + " methods list, takes too if it is public and non-static" + ONE_RULE
                        + "Add exclude: [get] to rule a, or narrow one rule's match",
                file + ":10:12: rules[3].match: rule d names method get of class com.x.A, which rule b, having no"
                        + " methods list, takes too if it is public and non-static" + ONE_RULE
                        + "Add exclude: [get] to rule b, or narrow one rule's match",
                file + ":10:12: rules[3].match: rules c and d both name method get of class com.x.B" + ONE_RULE
                        + "Add exclude: [get] to one of them, or narrow its match");
    }

    /** Regression: an overlap a rule makes by taking another's match through an alias was placed at the anchor. */
    @Test
    void reportsAnOverlapMadeByAnAliasedMatchAtTheAlias() throws IOException {
        String file = write("aliased.yaml", """
                version: 1
                rules:
                  - name: a
                    match: &m { class: com.x.A }
                  - name: b
                    match: *m
                """);
        assertThat(run(file)).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                file + ":6:12: rules[1].match: rules a and b both take the default methods of class com.x.A (every"
                        + " public, non-static declared method except equals, hashCode and toString)" + ONE_RULE
                        + "Give them methods lists that do not overlap, or merge them into one rule");
    }

    @Test
    void reportsOverlapsTogetherWithTheOtherProblemsInPositionOrder() throws IOException {
        String file = write("overlaps.yaml", OVERLAPS.replace("match: { class: com.x.A }\n  - name: c",
                "match: { class: com.x.A }\n    retry: { maxAttempts: 0 }\n  - name: c"));
        assertThat(run(file)).isEqualTo(1);
        assertThat(out().lines()).extracting(line -> line.substring(file.length(), line.indexOf(": ", file.length())))
                .containsExactly(":6:12", ":7:27", ":11:12", ":11:12", ":11:12");
        assertThat(out().lines().toList().get(1)).endsWith("rules[1].retry.maxAttempts: expected an integer >= 1, got 0");
    }

    @Test
    void reportsAMissingFileInOneLine() {
        String file = dir.resolve("missing.yaml").toString();
        assertThat(run(file)).isEqualTo(1);
        assertThat(out()).isEqualTo(file + ":1:1: cannot read: no such file" + System.lineSeparator());
    }

    @Test
    void reportsADirectoryAsUnreadable() {
        assertThat(run(dir.toString())).isEqualTo(1);
        assertThat(out()).startsWith(dir + ":1:1: cannot read: ");
    }

    @Test
    void printsTheEffectiveSettingsAfterTheOkLineWhenVerbose() throws IOException {
        String file = write("policy.yaml", VALID);
        assertThat(run("--verbose", file)).isZero();
        assertThat(out().lines()).startsWith(file + ": ok (2 rules)", "", "rule ollama (line 3)");
        assertThat(out()).contains("  retry: maxAttempts=4 delay=1s multiplier=1.5 maxDelay=10s jitter=0"
                + " retryOn=[java.io.IOException]");
        assertThat(out()).contains("rule storage (line 6)", "  retry: off");
    }

    @Test
    void exitsTwoWithoutAFile() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    @Test
    void exitsTwoForAnUnknownOption() {
        assertThat(run("--strict", "x.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --strict");
    }

    @Test
    void cliRejectsAnUnknownVerbWithExitTwo() {
        assertThat(Cli.run(List.of("frobnicate"))).isEqualTo(2);
    }

    /**
     * Audit: a file name is the author's choice (validate runs in CI on files others propose): one with a
     * line break and a terminal escape split every FILE:LINE:COLUMN line and forged an "ok" line.
     */
    @Test
    void aFileNameWithLineBreaksOrEscapesCannotForgeOrSplitALine() throws IOException {
        String bad = write("bad\nfake.yaml:1:1: ok (0 rules)\u001b[2J.yaml", "version: 1\nrules: []\nextra: 1\n");
        String good = write("good\nfake.yaml", VALID);

        assertThat(run(bad)).isEqualTo(1);
        assertThat(run(good)).isZero();

        assertThat(out().lines()).allMatch(line -> line.contains(dir.toString()))
                .noneMatch(line -> line.startsWith("fake.yaml")).noneMatch(line -> line.contains("\u001b"));
        assertThat(out()).contains("bad\\nfake.yaml:1:1: ok (0 rules)\\u001B[2J.yaml:")
                .contains("good\\nfake.yaml: ok (2 rules)");
    }
}
