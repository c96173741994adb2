package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrchestratorTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    CallLog calls = new CallLog();
    Orchestrator orchestrator;

    @BeforeEach
    void setUp() {
        String base = wm.baseUrl();
        orchestrator = new Orchestrator(new WhisperClient(base), new OllamaClient(base),
                new SupabaseClient(base, "k"), new StorageClient(base, "k"), "llama3", calls);
        Stubs.allHealthy(wm);
    }

    @Test
    void aJobTranscribesSummarisesInsertsAndUploadsInThatOrder() {
        JobResult result = orchestrator.process(Main.syntheticJobs(1).get(0));

        assertThat(result.status()).isEqualTo(JobResult.Status.COMPLETED);
        assertThat(result.reason()).isNull();
        assertThat(calls.records()).extracting(CallRecord::service)
                .containsExactly("whisper", "ollama", "supabase", "storage");
        assertThat(calls.records()).allMatch(CallRecord::ok);
        wm.verify(postRequestedFor(urlEqualTo("/api/generate")).withRequestBody(matchingJsonPath("$.prompt", containing("hello world"))));
        wm.verify(postRequestedFor(urlEqualTo("/rest/v1/transcripts"))
                .withRequestBody(equalToJson("{\"id\":\"job-001\",\"file_name\":\"job-001.wav\",\"transcript\":\"hello world\",\"summary\":\"A greeting.\"}")));
        wm.verify(postRequestedFor(urlEqualTo("/storage/v1/object/transcripts/job-001.txt"))
                .withRequestBody(equalTo("hello world")));
    }

    @Test
    void theFirstFailingStepFailsTheJobWithItsReasonAndNothingAfterItRuns() {
        wm.stubFor(post("/api/generate").willReturn(aResponse().withStatus(503).withBody("overloaded")));

        JobResult result = orchestrator.process(Main.syntheticJobs(1).get(0));

        assertThat(result.status()).isEqualTo(JobResult.Status.FAILED);
        assertThat(result.reason()).startsWith("ollama.generate: com.example.orchestrator.ServerErrorException: ollama answered HTTP 503");
        CallRecord failed = calls.records().get(1);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.exceptionTypes()).startsWith(ServerErrorException.class.getName(),
                HttpStatusException.class.getName(), "java.io.IOException");
        wm.verify(0, postRequestedFor(urlPathMatching("/rest/v1/.*")));
        wm.verify(0, postRequestedFor(urlPathMatching("/storage/.*")));
    }

    @Test
    void everyJobOfAMixedRunReportsOnce() throws Exception {
        wm.stubFor(post("/storage/v1/object/transcripts/job-003.txt").willReturn(aResponse().withStatus(500)));
        wm.stubFor(post("/storage/v1/object/transcripts/job-007.txt").willReturn(aResponse().withStatus(409)));
        List<Job> jobs = Main.syntheticJobs(10);

        List<JobResult> results = new JobRunner(3, Duration.ZERO, Duration.ofSeconds(20)).run(jobs, orchestrator::process, r -> {});

        assertThat(results).extracting(JobResult::jobId).containsExactlyElementsOf(jobs.stream().map(Job::id).toList());
        assertThat(results).filteredOn(r -> !r.completed()).extracting(JobResult::jobId).containsExactly("job-003", "job-007");
        assertThat(results.get(2).reason()).contains("storage.upload", "HTTP 500");
        assertThat(calls.records()).hasSize(40);
    }
}
