package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;

import static dev.resilience.agent.core.BreakerFixture.rate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On one thread the rate breaker must behave exactly as the contract reads: after every outcome,
 * look at the last {@code slidingWindowSize} outcomes and open once {@code minimumCalls} are in
 * and a rate reaches its threshold. This checks it against that reading, outcome by outcome, over
 * random windows, thresholds and outcome mixes.
 */
class RateBreakerModelTest {

    static final long FAST = 1_000;
    static final long SLOW = Duration.ofSeconds(2).toNanos();

    @Test
    void opensOnTheSameOutcomeWithTheSameReasonAsTheContractsReading() {
        Random random = new Random(8);
        for (int scenario = 0; scenario < 2_000; scenario++) {
            int window = 1 + random.nextInt(random.nextBoolean() ? 8 : 60);
            int minimumCalls = random.nextInt(window + 1);
            double failureRate = (1 + random.nextInt(100)) / 100.0;
            boolean trackSlow = random.nextBoolean();
            double slowRate = (1 + random.nextInt(100)) / 100.0;
            double pFail = random.nextDouble() * 0.6;
            double pSlow = trackSlow ? random.nextDouble() * 0.6 : 0;
            String label = "scenario " + scenario + ": window " + window + ", minimumCalls " + minimumCalls
                    + ", rate " + failureRate + (trackSlow ? ", slow rate " + slowRate : "");

            BreakerFixture.Transitions transitions = new BreakerFixture.Transitions();
            CircuitBreaker breaker = CircuitBreaker.create(
                    rate(failureRate, window, minimumCalls, trackSlow ? Duration.ofSeconds(1) : null, slowRate),
                    new FakeClock(), transitions);
            ArrayDeque<int[]> last = new ArrayDeque<>();   // {failed, slow} per outcome, newest last
            for (int i = 0; i < 400; i++) {
                boolean failed = random.nextDouble() < pFail;
                boolean slow = random.nextDouble() < pSlow;
                if (failed) {
                    breaker.onFailure(slow ? SLOW : FAST, null);
                } else {
                    breaker.onSuccess(slow ? SLOW : FAST);
                }
                last.addLast(new int[] {failed ? 1 : 0, slow ? 1 : 0});
                if (last.size() > window) {
                    last.removeFirst();
                }
                String expected = verdict(last, Math.max(1, minimumCalls), failureRate, trackSlow, slowRate);
                if (expected != null) {
                    assertThat(transitions.seen).as(label + ", outcome " + i).containsExactly("CLOSED->OPEN: " + expected);
                    break;
                }
                assertThat(transitions.seen).as(label + ", outcome " + i).isEmpty();
            }
        }
    }

    private static String verdict(ArrayDeque<int[]> last, int minimumCalls, double failureRate, boolean trackSlow,
                                  double slowRate) {
        int calls = last.size();
        if (calls < minimumCalls) {
            return null;
        }
        int failures = last.stream().mapToInt(o -> o[0]).sum();
        int slow = last.stream().mapToInt(o -> o[1]).sum();
        if (failures > 0 && (double) failures / calls >= failureRate) {
            return "failure rate " + Texts.percent((double) failures / calls) + " >= " + Texts.percent(failureRate)
                    + " over last " + calls + " calls";
        }
        if (trackSlow && slow > 0 && (double) slow / calls >= slowRate) {
            return "slow-call rate " + Texts.percent((double) slow / calls) + " >= " + Texts.percent(slowRate)
                    + " over last " + calls + " calls (slow: > 1s)";
        }
        return null;
    }
}
