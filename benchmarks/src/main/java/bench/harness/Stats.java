package bench.harness;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured samples. Stateless. */
public final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile {@code p} (0..100) of {@code values}; NaN when empty. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * A distribution-free 95% confidence interval for the median: the order statistics whose ranks
     * lie 1.96 standard deviations of a Binomial(n, 1/2) either side of n/2 (at least 6 samples;
     * NaNs otherwise). Needs no assumption about how the samples are spread, which on a shared
     * machine is anything but normal.
     */
    public static double[] medianConfidence95(double[] values) {
        int n = values.length;
        if (n < 6) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double half = 1.96 * Math.sqrt(n) / 2;
        int lower = (int) Math.round(n / 2.0 - half); // 1-based ranks, as the usual tables give them
        int upper = (int) Math.round(n / 2.0 + 1 + half);
        return new double[] {sorted[Math.max(0, lower - 1)], sorted[Math.min(n - 1, upper - 1)]};
    }

    public static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    public static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    public static double[] of(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).toArray();
    }
}
