package dev.resilience.agent.policy;

import java.math.BigDecimal;

/** Numbers as an operator writes them: {@code 1.5}, {@code 0}, {@code 50%}. */
final class NumberFormat {
    private NumberFormat() { }

    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String percent(double fraction) {
        return number(BigDecimal.valueOf(fraction).multiply(BigDecimal.valueOf(100)).doubleValue()) + "%";
    }
}
