package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetIT extends WireMockSupport {
    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 15;
    private static final int CALLS = THREADS * CALLS_PER_THREAD;
    private static final double RATIO = 0.2;
    private static final int MIN_PER_SECOND = 2;
    private static final String STEP = "legacy.get:/down";

    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 5, delay: 10ms, multiplier: 1 BUDGET}
                timeout: off
                circuitBreaker: off
            """;

    @Test
    void aHardOutageUnderConcurrentCallersSendsAtMostCallsTimesOnePlusRatioPlusTheFloor() {
        stub("/down", status(503));
        String budget = ", budget: { ratio: 20%, minPerSecond: " + MIN_PER_SECOND + " } ";

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY.replace(" BUDGET", budget)), "testapp.Scenario",
                base(), "parallel:" + THREADS + "x" + CALLS_PER_THREAD + ":" + STEP, "stats");

        assertThat(result.calls()).as(result.toString()).hasSize(CALLS).allSatisfy(call -> {
            assertThat(call.exception()).isEqualTo("java.io.IOException");
            assertThat(call.message()).isEqualTo("HTTP 503 from /down");
        });
        long seconds = (long) Math.ceil(result.parallelMillis(STEP) / 1000.0);
        int requests = requests("/down");
        assertThat(requests).as("%d calls in %d s", CALLS, seconds)
                .isLessThanOrEqualTo((int) (CALLS * (1 + RATIO)) + MIN_PER_SECOND * (int) seconds)
                .isGreaterThan(CALLS + 10);   // and it did allow retries
        assertThat(result.stats("testapp.LegacyClient#get(java.lang.String)"))
                .containsEntry("failures", (long) CALLS)
                .containsEntry("retries", (long) requests - CALLS);
    }

    @Test
    void withoutABudgetTheSameOutageSendsFiveTimesTheCalls() {
        stub("/down", status(503));

        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(POLICY.replace(" BUDGET", " ")), "testapp.Scenario",
                base(), "parallel:" + THREADS + "x" + CALLS_PER_THREAD + ":" + STEP);

        assertThat(result.calls()).as(result.toString()).hasSize(CALLS);
        assertThat(requests("/down")).isEqualTo(5 * CALLS);
    }
}
