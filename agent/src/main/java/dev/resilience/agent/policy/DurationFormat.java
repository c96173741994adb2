package dev.resilience.agent.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** Reads and writes the policy's duration syntax: an integer or decimal and a unit ({@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}). Thread-safe. */
public final class DurationFormat {
    /** Digits (and a point) a duration's number may have before it is simply too long: see {@link #parse}. */
    private static final int MAX_DIGITS = 40;

    private static final BigDecimal NANOS_PER_MS = BigDecimal.valueOf(1_000_000L);

    private DurationFormat() { }

    /** The duration, or empty when {@code text} is not in the syntax (a bare number included). Sub-nanosecond parts are dropped. */
    public static Optional<Duration> parse(String text) {
        int end = NumberFormat.decimalEnd(text, 0);
        if (end < 0) {
            return Optional.empty();
        }
        BigDecimal nanosPerUnit = switch (text.substring(end)) {
            case "ms" -> NANOS_PER_MS;
            case "s" -> NANOS_PER_MS.multiply(BigDecimal.valueOf(1_000));
            case "m" -> NANOS_PER_MS.multiply(BigDecimal.valueOf(60_000));
            case "h" -> NANOS_PER_MS.multiply(BigDecimal.valueOf(3_600_000));
            default -> null;
        };
        if (nanosPerUnit == null) {
            return Optional.empty();
        }
        if (end > MAX_DIGITS) {
            // No duration a policy means has this many digits; parsing them costs the square of their number.
            return Optional.of(Duration.ofDays(365L * 300));
        }
        BigDecimal amount = new BigDecimal(text.substring(0, end));
        BigDecimal nanos = amount.multiply(nanosPerUnit);
        // Anything longer than ~292 years cannot be held in nanoseconds; the caller rejects it as too long.
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.of(Duration.ofDays(365L * 300));
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** The shortest exact form in the policy syntax: {@code 2m}, {@code 1500ms}, {@code 0.5ms}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos != 0 && nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos != 0 && nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos != 0 && nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return BigDecimal.valueOf(nanos).divide(NANOS_PER_MS).stripTrailingZeros().toPlainString() + "ms";
    }
}
