package com.example.orchestrator.demo;

import static com.example.orchestrator.demo.FaultPlan.Kind.HTTP_429;
import static com.example.orchestrator.demo.FaultPlan.Kind.HTTP_503;
import static com.example.orchestrator.demo.FaultPlan.Kind.HTTP_504;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    final FaultPlan plan = new FaultPlan(42);

    @Test
    void whisperIsFirstUnreachableBehindItsGatewayThenLoadingThenBack() {
        for (int n = 0; n < 50; n++) {
            assertThat(plan.decide("whisper", n, FaultPlan.UNREACHABLE_FROM_MS))
                    .isEqualTo(new FaultPlan.Decision(HTTP_504, FaultPlan.GATEWAY_TIMEOUT_MS));
            assertThat(plan.decide("whisper", n, FaultPlan.LOADING_FROM_MS - 1).kind()).isEqualTo(HTTP_504);
            FaultPlan.Decision loading = plan.decide("whisper", n, FaultPlan.LOADING_FROM_MS);
            assertThat(loading.kind()).isEqualTo(HTTP_503);
            assertThat(loading.delayMs()).as("answered at once").isLessThan(50);
            assertThat(plan.decide("whisper", n, FaultPlan.OUTAGE_UNTIL_MS - 1).kind()).isEqualTo(HTTP_503);
        }
        assertThat(kinds("whisper", FaultPlan.OUTAGE_UNTIL_MS).get(FaultPlan.Kind.OK)).as("healthy after the outage").isGreaterThan(900);
    }

    @Test
    void theOutageOutlastsWhatRetriesCouldBridge() {
        // the demo policy's whisper retry waits 300 ms once; the outage lasts 3 s
        assertThat(FaultPlan.OUTAGE_UNTIL_MS - FaultPlan.UNREACHABLE_FROM_MS).isGreaterThanOrEqualTo(10 * 300);
    }

    @Test
    void supabaseIsRateLimitedForOneWindowOnly() {
        assertThat(plan.decide("supabase", 3, FaultPlan.RATE_LIMIT_FROM_MS).kind()).isEqualTo(HTTP_429);
        assertThat(plan.decide("supabase", 3, FaultPlan.RATE_LIMIT_UNTIL_MS - 1).kind()).isEqualTo(HTTP_429);
        assertThat(kinds("supabase", FaultPlan.RATE_LIMIT_UNTIL_MS)).doesNotContainKey(HTTP_429);
        assertThat(FaultPlan.RATE_LIMIT_UNTIL_MS - FaultPlan.RATE_LIMIT_FROM_MS).as("Retry-After: 1").isEqualTo(1000);
    }

    @Test
    void transientFaultsAreAFewPercentAndTheSameForTheSameSeed() {
        Map<FaultPlan.Kind, Integer> ollama = kinds("ollama", 0);
        assertThat(ollama.get(FaultPlan.Kind.OK)).isBetween(820, 900);
        assertThat(ollama.get(HTTP_503)).isBetween(50, 110);
        assertThat(ollama.get(FaultPlan.Kind.SLOW)).isBetween(35, 90);
        assertThat(kinds("ollama", 0)).isEqualTo(ollama);
        for (int n = 0; n < 100; n++) {
            assertThat(new FaultPlan(42).decide("storage", n, 0)).isEqualTo(plan.decide("storage", n, 0));
        }
    }

    @Test
    void describesItsSchedule() {
        assertThat(FaultPlan.describe()).hasSize(4);
        assertThat(FaultPlan.describe().get(0)).contains("3.0-4.5 s", "504 after 800 ms", "4.5-6.0 s");
        assertThat(FaultPlan.describe().get(2)).contains("7.0-8.0 s", "429");
    }

    private Map<FaultPlan.Kind, Integer> kinds(String service, long elapsedMs) {
        Map<FaultPlan.Kind, Integer> counts = new EnumMap<>(FaultPlan.Kind.class);
        for (int n = 0; n < 1000; n++) counts.merge(plan.decide(service, n, elapsedMs).kind(), 1, Integer::sum);
        return counts;
    }
}
