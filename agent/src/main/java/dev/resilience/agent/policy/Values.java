package dev.resilience.agent.policy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed readers for single values. Each returns the value, or reports a message naming the key path,
 * what was expected and what was written, and returns empty. Not thread-safe (shares {@link Problems}).
 */
final class Values {
    /**
     * Longer durations are almost always typos ({@code 10000h} for 10000ms). The contract sets no upper bound;
     * a year leaves room for any real setting, a breaker open for days included.
     */
    static final Duration MAX_DURATION = Duration.ofDays(365);

    private final Problems problems;
    /** Where each entry of a valid class-name list was written, by the list's own position (see {@link #entryPositions}). */
    private final Map<Position, List<Position>> entryPositions = new HashMap<>();

    Values(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    Optional<Integer> integer(Node node, String path, long min, long max) {
        Optional<BigInteger> written = YamlNodes.integer(node);
        // Plain Optional code, no lambdas, on the paths a valid policy takes: it is read in premain (issue 8).
        boolean huge = written.isPresent() && written.get().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0;
        String expected = max >= Integer.MAX_VALUE && !huge
                ? "an integer >= " + min
                : "an integer from " + min + " to " + Math.min(max, Integer.MAX_VALUE);
        Optional<BigInteger> value = written;
        if (value.isEmpty() || value.get().compareTo(BigInteger.valueOf(min)) < 0
                || value.get().compareTo(BigInteger.valueOf(Math.min(max, Integer.MAX_VALUE))) > 0) {
            return fail(node, path, expected, YamlNodes.floatTagHint(node));
        }
        return Optional.of(value.get().intValue());
    }

    /** A number (integer or decimal) of at least {@code min}. */
    Optional<Double> numberAtLeast(Node node, String path, double min) {
        Optional<Double> value = YamlNodes.number(node);
        if (value.isEmpty() || value.get() < min) {
            return fail(node, path, "a number >= " + NumberFormat.number(min));
        }
        return value;
    }

    /**
     * A fraction: {@code 50%} or {@code 0.5}. {@code zeroAllowed} widens (0, 1] to [0, 1].
     */
    Optional<Double> fraction(Node node, String path, boolean zeroAllowed) {
        String range = zeroAllowed ? "[0, 1]" : "(0, 1]";
        String expected = "a percentage such as 50% or a fraction in " + range + " such as 0.5";
        Optional<Double> value = YamlNodes.number(node);
        Optional<String> text = YamlNodes.string(node);
        if (value.isEmpty() && text.isPresent() && text.get().endsWith("%")) {
            String digits = text.get().substring(0, text.get().length() - 1);
            if (NumberFormat.isDecimal(digits)) {
                value = Optional.of(Double.parseDouble(digits) / 100);
            }
        }
        if (value.isEmpty()) {
            return fail(node, path, expected);
        }
        double v = value.get();
        if (v > 1 || v < 0 || (v == 0 && !zeroAllowed)) {
            // A threshold written as 50 almost always means 50%; so does a whole number where zero is allowed
            // (a jitter of 50), though a jitter of 1.5 could as well mean 0.15: no guess then.
            String hint = YamlNodes.number(node).filter(n -> n > 1 && n <= 100 && (!zeroAllowed || n == Math.rint(n)))
                    .map(n -> "; did you mean " + NumberFormat.number(n) + "%?").orElse("");
            return fail(node, path, expected, hint);
        }
        return value;
    }

    /** A duration such as {@code 250ms}, greater than zero unless {@code zeroAllowed}, at most {@link #MAX_DURATION}. */
    Optional<Duration> duration(Node node, String path, boolean zeroAllowed) {
        return duration(node, path, zeroAllowed, "a duration such as 250ms, 10s, 2m or 1h");
    }

    Optional<Duration> duration(Node node, String path, boolean zeroAllowed, String expected) {
        Optional<String> text = YamlNodes.text(node);
        if (text.isPresent() && NumberFormat.isDecimal(text.get())) {
            return fail(node, path, expected, "; a bare number has no unit: write " + text.get() + "s or "
                    + text.get() + "ms");
        }
        Optional<String> string = YamlNodes.string(node);
        Optional<Duration> value = string.isPresent() ? DurationFormat.parse(string.get()) : Optional.empty();
        if (value.isEmpty()) {
            return fail(node, path, expected);
        }
        if (value.get().isZero() && !zeroAllowed) {
            return fail(node, path, "a duration > 0 (such as 250ms)");
        }
        if (value.get().compareTo(MAX_DURATION) > 0) {
            return fail(node, path, "a duration of at most 8760h (a year)");
        }
        return value;
    }

    /** One of a few words, with a suggestion when the written one is close. */
    Optional<String> choice(Node node, String path, List<String> allowed) {
        Optional<String> text = YamlNodes.string(node);
        if (text.isPresent() && allowed.contains(text.get())) {
            return text;
        }
        String hint = text.map(t -> DidYouMean.hint(t, allowed)).orElse("");
        return fail(node, path, "one of " + String.join(", ", allowed), hint);
    }

    /** A binary class name such as {@code java.io.IOException}. */
    Optional<String> className(Node node, String path) {
        Optional<String> text = YamlNodes.string(node);
        if (text.isEmpty() || !JavaNames.isClassName(text.get())) {
            return fail(node, path, "a binary class name such as java.io.IOException or com.example.Outer$Inner",
                    text.map(JavaNames::notAClassHint).orElse(""));
        }
        return text;
    }

    /** A list of binary class names. Every bad entry is reported. */
    Optional<List<String>> classNames(Node node, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            return fail(node, path, "a list of class names such as [java.io.IOException]");
        }
        List<String> names = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node entry = sequence.getValue().get(i);
            positions.add(YamlNodes.position(entry));
            Optional<String> name = className(entry, path + "[" + i + "]");
            Optional<String> unusable = name.isPresent() ? ExceptionClassCheck.notAJdkException(name.get()) : Optional.empty();
            if (unusable.isPresent()) {
                problems.add(entry, path + "[" + i + "]: " + unusable.get());
            }
            ok &= name.isPresent() && unusable.isEmpty();
            if (name.isPresent()) {
                names.add(name.get());
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        entryPositions.put(YamlNodes.position(node), List.copyOf(positions));
        return Optional.of(List.copyOf(names));
    }

    /**
     * Where each entry of the class-name list written at {@code list} is, in order; empty for a list
     * this reader did not read (a built-in one).
     */
    List<Position> entryPositions(Position list) {
        List<Position> positions = entryPositions.get(list);
        return positions == null ? List.of() : positions;
    }

    /** Reports {@code path: expected EXPECTED, got VALUE} and returns empty. */
    <T> Optional<T> fail(Node node, String path, String expected) {
        return fail(node, path, expected, "");
    }

    <T> Optional<T> fail(Node node, String path, String expected, String hint) {
        problems.add(node, path + ": expected " + expected + ", got " + YamlNodes.describe(node) + hint);
        return Optional.empty();
    }
}
