package com.example.orchestrator.demo;

import static com.example.orchestrator.demo.FaultPlan.Kind.HTTP_429;
import static com.example.orchestrator.demo.FaultPlan.Kind.HTTP_503;
import static com.example.orchestrator.demo.FaultPlan.Kind.HTTP_504;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orchestrator.json.Json;
import com.github.tomakehurst.wiremock.http.ImmutableRequest;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    final FaultPlan plan = new FaultPlan(42);

    @Test
    void whisperIsFirstUnreachableBehindItsGatewayThenLoadingThenBack() {
        for (int n = 0; n < 50; n++) {
            assertThat(plan.decide("whisper", n, 0, FaultPlan.UNREACHABLE_FROM_MS))
                    .isEqualTo(new FaultPlan.Decision(HTTP_504, FaultPlan.GATEWAY_TIMEOUT_MS));
            assertThat(plan.decide("whisper", n, 0, FaultPlan.LOADING_FROM_MS - 1).kind()).isEqualTo(HTTP_504);
            FaultPlan.Decision loading = plan.decide("whisper", n, 0, FaultPlan.LOADING_FROM_MS);
            assertThat(loading.kind()).isEqualTo(HTTP_503);
            assertThat(loading.delayMs()).as("answered at once").isLessThan(50);
            assertThat(plan.decide("whisper", n, 0, FaultPlan.OUTAGE_UNTIL_MS - 1).kind()).isEqualTo(HTTP_503);
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
        assertThat(plan.decide("supabase", 3, 0, FaultPlan.RATE_LIMIT_FROM_MS).kind()).isEqualTo(HTTP_429);
        assertThat(plan.decide("supabase", 3, 0, FaultPlan.RATE_LIMIT_UNTIL_MS - 1).kind()).isEqualTo(HTTP_429);
        assertThat(kinds("supabase", FaultPlan.RATE_LIMIT_UNTIL_MS)).doesNotContainKey(HTTP_429);
        assertThat(FaultPlan.RATE_LIMIT_UNTIL_MS - FaultPlan.RATE_LIMIT_FROM_MS).as("Retry-After: 1").isEqualTo(1000);
    }

    @Test
    void firstAttemptsMeetTheConfiguredRatesInAnyRunOfJobs() {
        for (int from : new int[] {1, 17, 240}) {
            Map<FaultPlan.Kind, Integer> ollama = new EnumMap<>(FaultPlan.Kind.class);
            for (int n = from; n < from + 50; n++) ollama.merge(plan.decide("ollama", n, 0, 0).kind(), 1, Integer::sum);
            assertThat(ollama.get(HTTP_503)).as("8%% of 50 jobs from %d", from).isBetween(3, 5);
            assertThat(ollama.get(FaultPlan.Kind.SLOW)).as("6%% of 50 jobs from %d", from).isBetween(2, 4);
        }
        for (int n = 0; n < 100; n++) {
            assertThat(new FaultPlan(42).decide("storage", n, 0, 0)).isEqualTo(plan.decide("storage", n, 0, 0));
        }
    }

    @Test
    void aRetryIsAnIndependentDraw() {
        int failedAgain = 0, faulty = 0;
        for (int n = 0; n < 2000; n++) {
            if (plan.decide("ollama", n, 0, 0).kind() == FaultPlan.Kind.OK) continue;
            faulty++;
            if (plan.decide("ollama", n, 1, 0).kind() != FaultPlan.Kind.OK) failedAgain++;
        }
        assertThat((double) failedAgain / faulty).as("about the 14%% fault rate").isBetween(0.07, 0.22);
    }

    @Test
    void findsTheJobARequestIsFor() throws Exception {
        assertThat(ScriptedFaults.jobOf(request("/storage/v1/object/transcripts/job-007.txt", "transcript"))).isEqualTo("job-007");
        assertThat(ScriptedFaults.jobOf(request("/rest/v1/transcripts", "{\"id\":\"job-012\",\"summary\":\"x\"}"))).isEqualTo("job-012");
        assertThat(ScriptedFaults.jobOf(request("/inference",
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"job-003.wav\"\r\n\r\nRIFF\r\n--b--"))).isEqualTo("job-003");
        assertThat(ScriptedFaults.jobOf(request("/api/generate", "{\"prompt\":\"Summarise this\"}"))).isNull();
        assertThat(ScriptedFaults.jobOf(request("/api/generate", "{\"prompt\":\"Summarise this transcript:\\n"
                + Json.parseObject(ScriptedFaults.transcriptOf("job-042")).get("text") + "\"}"))).isEqualTo("job-042");
    }

    private static Request request(String path, String body) {
        return ImmutableRequest.create().withAbsoluteUrl("http://127.0.0.1:1" + path).withMethod(RequestMethod.POST)
                .withBody(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void describesItsSchedule() {
        assertThat(FaultPlan.describe()).hasSize(4);
        assertThat(FaultPlan.describe().get(0)).contains("3.0-5.0 s", "504 after 1500 ms", "5.0-6.0 s");
        assertThat(FaultPlan.describe().get(2)).contains("7.0-8.0 s", "429");
    }

    private Map<FaultPlan.Kind, Integer> kinds(String service, long elapsedMs) {
        Map<FaultPlan.Kind, Integer> counts = new EnumMap<>(FaultPlan.Kind.class);
        for (int n = 0; n < 1000; n++) counts.merge(plan.decide(service, n, 0, elapsedMs).kind(), 1, Integer::sum);
        return counts;
    }
}
