package com.example.orchestrator.demo;

import static com.example.orchestrator.demo.Fixtures.failed;
import static com.example.orchestrator.demo.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.orchestrator.JobResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    final DemoRun without = Fixtures.run(false, List.of(ok("whisper", 0, 10),
                    failed("whisper", 100, 800, "com.example.orchestrator.ServerErrorException", "whisper answered HTTP 504")),
            Map.of("whisper", List.of(0L, 100L)), List.of());
    final DemoRun with = Fixtures.run(true, List.of(ok("whisper", 0, 10),
                    failed("whisper", 100, 2, "dev.resilience.agent.api.CircuitOpenIOException", "circuit open")),
            Map.of("whisper", List.of(0L)), List.of());

    @Test
    void showsTheTimeCallersSpentInFailedCalls() {
        Comparison c = Comparison.of(without, with);

        assertThat(c.rows("whisper")).anySatisfy(r -> assertThat(r).containsExactly("  time spent in failed calls (s)", "0.8", "0.0"));
    }

    @Test
    void theAgentsOwnTimeoutFiguresAppearOnceASourceKnowsThem() {
        assertThat(Comparison.of(without, with).rows("whisper")).noneMatch(r -> r[0].startsWith("timed-out attempts"));

        AgentFigureSource metrics = (service, run) -> run.withAgent()
                ? new AgentFigureSource.AgentFigures(3, 1, 1) : AgentFigureSource.AgentFigures.UNKNOWN;
        Comparison c = Comparison.of(without, with, metrics);

        assertThat(c.rows("whisper")).anySatisfy(r -> assertThat(r).containsExactly("timed-out attempts (agent)", "n/a", "3"));
        assertThat(c.rows("whisper")).anySatisfy(r -> assertThat(r).containsExactly("breaker opens", "n/a", "1"));
    }

    /** The agent's shutdown summary gives the attempts that timed out, summed over each service's rules. */
    @Test
    void timedOutAttemptsComeFromTheAgentsShutdownSummaryPerService() {
        Map<String, Map<String, Long>> summary = new java.util.LinkedHashMap<>();
        for (String line : List.of(
                "[resilience-agent] INFO summary rule whisper: successes=3 failures=2 retryAttempts=6 timeouts=4 breakerOpens=2"
                        + " breakerResets=1 rejections=1 fallbacks=0 agentErrors=0",
                "[resilience-agent] INFO summary rule storage-upload: successes=9 failures=1 retryAttempts=0 timeouts=1"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0",
                "[resilience-agent] INFO summary rule storage-download: successes=2 failures=0 retryAttempts=2 timeouts=2"
                        + " breakerOpens=0 breakerResets=0 rejections=0 fallbacks=0 agentErrors=0")) {
            Map.Entry<String, Map<String, Long>> rule = SummaryLog.parse(line);
            summary.put(rule.getKey(), rule.getValue());
        }
        DemoRun withSummary = Fixtures.run(true, with.data().calls(), Map.of(), List.of(), summary);

        Comparison c = Comparison.of(without, withSummary, AgentFigureSource.AGENT_LOG);

        assertThat(c.rows("whisper")).anySatisfy(r -> assertThat(r).containsExactly("timed-out attempts (agent)", "n/a", "4"));
        assertThat(c.rows("storage")).anySatisfy(r -> assertThat(r).containsExactly("timed-out attempts (agent)", "n/a", "3"));
        assertThat(c.rows("ollama")).as("no summary line for its rule").noneMatch(r -> r[0].startsWith("timed-out attempts"));
    }

    @Test
    void jobLatencyCountsCompletedJobsOnly() {
        DemoRun slowFailure = new DemoRun("with agent", true, new RunData(true, Fixtures.T0, Fixtures.T0 + 2000, List.of(
                new JobResult("job-001", JobResult.Status.COMPLETED, null, Fixtures.T0, 120),
                new JobResult("job-002", JobResult.Status.FAILED, "whisper.transcribe: x", Fixtures.T0, 900)), List.of()),
                Map.of(), Map.of(), List.of(), true, Map.of());

        List<String[]> rows = Comparison.of(without, slowFailure).jobLatencyRows();

        assertThat(rows).extracting(r -> r[0]).containsExactly("completed job latency p50 (ms)", "completed job latency p99 (ms)");
        assertThat(rows.get(1)).containsExactly("completed job latency p99 (ms)", "10", "120");
    }
}
