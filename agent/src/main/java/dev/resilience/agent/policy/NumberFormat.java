package dev.resilience.agent.policy;

import java.math.BigDecimal;

/**
 * Numbers as an operator writes them: {@code 1.5}, {@code 0}, {@code 50%}. Read by hand rather
 * than with regular expressions: compiling the first one costs a JVM 10-20 ms, and the policy is
 * read in premain (issue 8).
 */
final class NumberFormat {
    private NumberFormat() { }

    /**
     * Where a decimal written as digits, optionally a dot and more digits ({@code 250},
     * {@code 1.5}), ends when it starts at {@code from}; -1 when none starts there.
     */
    static int decimalEnd(String text, int from) {
        int at = digitsEnd(text, from);
        if (at == from) {
            return -1;
        }
        if (at < text.length() && text.charAt(at) == '.') {
            int fraction = digitsEnd(text, at + 1);
            if (fraction > at + 1) {
                return fraction;
            }
        }
        return at;
    }

    /** True when all of {@code text} is such a decimal. */
    static boolean isDecimal(String text) {
        return decimalEnd(text, 0) == text.length();
    }

    private static int digitsEnd(String text, int from) {
        int at = from;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String percent(double fraction) {
        return number(BigDecimal.valueOf(fraction).multiply(BigDecimal.valueOf(100)).doubleValue()) + "%";
    }
}
