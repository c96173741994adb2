package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.resilience.agent.cli.ValidateCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code src/test/resources/invalid-policies/} is rejected, by the loader and by
 * {@code validate}, with the position and message its line in {@code expected.txt} names, and every
 * other problem it produces is positioned too. Each file is answered within a hang guard.
 */
class InvalidPolicyCorpusTest {
    /** Far above the few milliseconds a file needs: only a hang or a blow-up reaches it. */
    static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Pattern VALIDATE_LINE = Pattern.compile(".+:\\d+:\\d+: \\S.*");

    /** One line of the index. */
    record Expected(String file, String position, String fragment) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Path corpus() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(InvalidPolicyCorpusTest.class.getResource("/invalid-policies/expected.txt"),
                "invalid-policies/expected.txt on the test class path").toURI()).getParent();
    }

    static List<Expected> index() throws IOException, URISyntaxException {
        List<Expected> entries = new ArrayList<>();
        for (String line : Files.readAllLines(corpus().resolve("expected.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\|", 3);
            assertThat(parts).as("index line %s", line).hasSize(3);
            entries.add(new Expected(parts[0].strip(), parts[1].strip(), parts[2].strip()));
        }
        return entries;
    }

    @Test
    void theIndexNamesEveryFileOnceAndHoldsAtLeastForty() throws Exception {
        List<String> indexed = index().stream().map(Expected::file).toList();
        List<String> files;
        try (Stream<Path> s = Files.list(corpus())) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertThat(indexed).doesNotHaveDuplicates();
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(files);
        assertThat(indexed).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("index")
    void isRejectedWithTheExpectedPositionedProblemByTheLoaderAndByValidate(Expected expected) throws Exception {
        Path file = corpus().resolve(expected.file());

        LoadResult result = assertTimeoutPreemptively(HANG_GUARD, () -> PolicyLoader.load(file, expected.file()));

        assertThat(result.ok()).isFalse();
        assertThat(result.policy()).isNull();
        List<String> errors = result.errors().stream().map(PolicyError::toString).toList();
        assertThat(errors).as("problems of %s", expected.file())
                .anySatisfy(error -> assertThat(error).startsWith(prefix(expected, expected.file())).contains(expected.fragment()));
        for (PolicyError error : result.errors()) {
            assertThat(error.line()).as("every problem of %s is positioned: %s", expected.file(), error).isPositive();
            assertThat(error.column()).as("every problem of %s is positioned: %s", expected.file(), error).isPositive();
            assertThat(error.message()).as("one line per problem").doesNotContain("\n", "\r");
        }

        String path = file.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = assertTimeoutPreemptively(HANG_GUARD, () -> ValidateCommand.run(List.of(path),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

        assertThat(exit).as("validate exit code").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).as("validate stderr").isEmpty();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("validate prints one line per problem").hasSize(result.errors().size());
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(prefix(expected, path)).contains(expected.fragment()));
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith(path).matches(VALIDATE_LINE));
    }

    private static String prefix(Expected expected, String file) {
        return file + ":" + expected.position() + ": ";
    }
}
