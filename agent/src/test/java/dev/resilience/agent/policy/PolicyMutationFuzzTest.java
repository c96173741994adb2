package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.resilience.agent.cli.ValidateCommand;
import dev.resilience.agent.matching.TextOverlaps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the valid policies of the repository at random and checks that every mutant is either valid
 * or rejected with positioned errors: nothing throws, nothing hangs, every position lies in the text.
 *
 * <p>Bounded and repeatable: a fixed seed, {@value #DEFAULT_MUTANTS} mutants in batches, each batch
 * under a preemptive timeout. Mutant {@code i} is built from its own seed ({@code seed + i}), and a
 * failure names it, the mutations applied and the mutant text, so it can be replayed alone with
 * {@code -Dfuzz.seed=S -Dfuzz.mutants=N}. A longer exploratory run: {@code -Dfuzz.mutants=200000
 * -Dfuzz.seed=$RANDOM}.
 */
class PolicyMutationFuzzTest {
    static final long DEFAULT_SEED = 0x5EED_2025L;
    static final int DEFAULT_MUTANTS = 5_000;
    static final int BATCH = 500;
    /** Far above what a batch needs (well under a second warm); only a hang or a blow-up reaches it. */
    static final Duration BATCH_LIMIT = Duration.ofSeconds(30);
    static final String FILE = "mutant.yaml";
    private static final Pattern VALIDATE_LINE = Pattern.compile("\\Q" + FILE + "\\E:\\d+:\\d+: \\S.*");

    static final long SEED = Long.getLong("fuzz.seed", DEFAULT_SEED);
    static final int MUTANTS = Integer.getInteger("fuzz.mutants", DEFAULT_MUTANTS);

    static List<Seed> seeds;

    @TempDir
    Path dir;

    /** A valid policy to start from. */
    record Seed(String name, String text) { }

    @BeforeAll
    static void loadSeeds() throws IOException {
        Path root = repositoryRoot();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("policies"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.list(root.resolve("agent/src/test/resources/policies"))) {
            s.filter(p -> p.getFileName().toString().matches("contract-.*\\.yaml")).sorted().forEach(files::add);
        }
        seeds = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            LoadResult result = PolicyLoader.parse(text, file.getFileName().toString());
            assertThat(result.errors()).as("seed %s must be valid", file).isEmpty();
            seeds.add(new Seed(file.getFileName().toString(), text));
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(4);
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("policies/sample-app.yaml")) && Files.isDirectory(dir.resolve("agent"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (policies/sample-app.yaml) above "
                + Path.of("").toAbsolutePath());
    }

    @Test
    void everyMutantIsValidOrRejectedWithPositionedErrors() {
        int[] outcomes = new int[2]; // valid, rejected
        for (int start = 0; start < MUTANTS; start += BATCH) {
            int from = start;
            int to = Math.min(MUTANTS, start + BATCH);
            assertTimeoutPreemptively(BATCH_LIMIT, () -> {
                for (int i = from; i < to; i++) {
                    boolean valid = check(i);
                    outcomes[valid ? 0 : 1]++;
                }
            }, () -> "mutants " + from + ".." + (to - 1) + " of seed " + SEED + " took longer than " + BATCH_LIMIT
                    + " (replay: -Dfuzz.seed=" + SEED + " -Dfuzz.mutants=" + to + ")");
        }
        // Both outcomes must occur, or the mutations are too timid (or too destructive) to test anything.
        assertThat(outcomes[0]).as("valid mutants").isGreaterThan(MUTANTS / 50);
        assertThat(outcomes[1]).as("rejected mutants").isGreaterThan(MUTANTS / 2);
    }

    /** Builds mutant {@code i}, loads it, checks the outcome; true when it is valid. */
    private boolean check(int i) {
        Random random = new Random(SEED + i);
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        Mutator mutator = new Mutator(random);
        String mutant = mutator.mutate(seed.text());
        String context = "mutant " + i + " (seed " + SEED + ", replay with -Dfuzz.seed=" + SEED + " -Dfuzz.mutants="
                + (i + 1) + ") of " + seed.name() + " after " + mutator.applied() + ":\n" + visible(mutant);
        LoadResult result;
        try {
            result = PolicyLoader.parse(mutant, FILE);
        } catch (Throwable escaped) {
            throw new AssertionError("the loader threw " + escaped + " for " + context, escaped);
        }
        checkResult(result, mutant, context);
        if (i % 20 == 0) {
            checkValidateCommand(mutant, result, context);
        }
        return result.ok();
    }

    static void checkResult(LoadResult result, String text, String context) {
        if (result.ok()) {
            assertThat(result.errors()).as(context).isEmpty();
            assertThat(result.policy().rules()).as(context).isNotEmpty();
            return;
        }
        assertThat(result.policy()).as(context).isNull();
        assertThat(result.errors()).as(context).isNotEmpty();
        int lines = lineCount(text);
        for (PolicyError error : result.errors()) {
            assertThat(error.file()).as(context).isEqualTo(FILE);
            assertThat(error.message()).as(context).isNotBlank();
            boolean fileLevel = text.length() > PolicyLoader.MAX_FILE_BYTES;
            if (!fileLevel) {
                assertThat(error.line()).as("line of %s in %s", error, context).isBetween(1, lines + 1);
                assertThat(error.column()).as("column of %s in %s", error, context).isPositive();
            }
        }
        List<PolicyError> sorted = new ArrayList<>(result.errors());
        sorted.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        assertThat(result.errors()).as("errors sorted by position, %s", context).isEqualTo(sorted);
    }

    /**
     * The CLI prints the loader's verdict (and the rules' overlaps), one line per problem (so no message spans two lines), in its
     * own format, and never a stack trace.
     */
    private void checkValidateCommand(String mutant, LoadResult result, String context) {
        Path file = dir.resolve(FILE);
        // UTF-8 has no lone surrogates: they are written as '?', so judge the text the file really holds.
        byte[] bytes = mutant.getBytes(StandardCharsets.UTF_8);
        String written = new String(bytes, StandardCharsets.UTF_8);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoadResult loaded = written.equals(mutant) ? result : PolicyLoader.parse(written, FILE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(List.of(file.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(err.toString(StandardCharsets.UTF_8)).as(context).isEmpty();
        List<String> lines = printed.lines().toList();
        if (exit == 0) {
            assertThat(lines).as(context).hasSize(1);
            assertThat(lines.get(0)).as(context).startsWith(file + ": ok (");
        } else {
            assertThat(exit).as(context).isEqualTo(1);
            assertThat(lines).as(context).isNotEmpty();
            for (String line : lines) {
                String relative = line.startsWith(file.toString()) ? FILE + line.substring(file.toString().length()) : line;
                assertThat(VALIDATE_LINE.matcher(relative).matches()).as("validate line %s for %s", line, context).isTrue();
            }
        }
        // validate adds to the loader's problems the methods two rules certainly both match
        int overlaps = TextOverlaps.find(file.toString(), loaded.matches()).size();
        boolean valid = loaded.ok() && overlaps == 0;
        assertThat(exit == 0).as("validate agrees with the loader and TextOverlaps on %s", context).isEqualTo(valid);
        assertThat(lines).as("lines printed by validate for %s", context).hasSize(valid ? 1 : loaded.errors().size() + overlaps);
    }

    static int lineCount(String text) {
        // YAML breaks lines at \n, \r\n, \r, and (in YAML 1.1 readers) U+0085, U+2028, U+2029.
        int lines = 1;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || c == '\r' && (k + 1 >= text.length() || text.charAt(k + 1) != '\n')) {
                lines++;
            }
        }
        return lines;
    }

    /** The mutant with control and invisible characters spelled out, so a failure message shows them. */
    static String visible(String text) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (int k = 0; k < text.length() && shown < 4_000; k++, shown++) {
            char c = text.charAt(k);
            if (c == '\n') {
                s.append('\n');
            } else if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0 || Character.isSurrogate(c)
                    || Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029' || c >= 0xFFF0) {
                s.append(String.format("<U+%04X>", (int) c));
            } else {
                s.append(c);
            }
        }
        return text.length() > 4_000 ? s + "... (" + text.length() + " chars)" : s.toString();
    }
}
