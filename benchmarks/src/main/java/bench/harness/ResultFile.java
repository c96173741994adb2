package bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A harness's figures as {@code key=value} lines (insertion order), written where {@code --out}
 * says, for {@link Report} to read back. Not thread-safe.
 */
public final class ResultFile {
    private final Map<String, String> values = new LinkedHashMap<>();

    public ResultFile put(String key, double value) {
        values.put(key, String.format(Locale.ROOT, "%.3f", value));
        return this;
    }

    public ResultFile put(String key, long value) {
        values.put(key, Long.toString(value));
        return this;
    }

    public ResultFile put(String key, String value) {
        values.put(key, value);
        return this;
    }

    /** Writes the file when {@code out} is not null. */
    public void write(Path out) {
        if (out == null) {
            return;
        }
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, String> values() {
        return values;
    }

    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return map;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }
}
