package bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {
    /** The ranks of the usual tables of a median's 95% interval: 2 and 9 of 10, 14 and 27 of 40. */
    @Test
    void theMediansConfidenceIntervalTakesTheTabulatedRanks() {
        assertThat(Stats.medianConfidence95(ranks(10))).containsExactly(2.0, 9.0);
        assertThat(Stats.medianConfidence95(ranks(40))).containsExactly(14.0, 27.0);
        assertThat(Stats.medianConfidence95(ranks(5))).containsExactly(Double.NaN, Double.NaN);
    }

    /** 1..n, shuffled: the interval is read from the sorted samples. */
    private static double[] ranks(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i * 7 % n) + 1;
        }
        return values;
    }
}
