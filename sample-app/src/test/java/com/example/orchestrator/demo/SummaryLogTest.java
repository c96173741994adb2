package com.example.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryLogTest {
    @Test
    void readsTheRuleAndEveryFigureOfASummaryLine() {
        Map.Entry<String, Map<String, Long>> rule = SummaryLog.parse("[resilience-agent] INFO summary rule storage-upload:"
                + " successes=3 failures=2 retryAttempts=6 timeouts=4 breakerOpens=2 breakerResets=1 rejections=1 fallbacks=0"
                + " agentErrors=0 breaker=OPEN mode=observe");

        assertThat(rule.getKey()).isEqualTo("storage-upload");
        assertThat(rule.getValue()).containsExactlyInAnyOrderEntriesOf(Map.of("successes", 3L, "failures", 2L,
                "retryAttempts", 6L, "timeouts", 4L, "breakerOpens", 2L, "breakerResets", 1L, "rejections", 1L,
                "fallbacks", 0L, "agentErrors", 0L));
    }

    @Test
    void otherLinesAreNotSummaries() {
        assertThat(SummaryLog.parse("[resilience-agent] INFO breaker whisper CLOSED -> OPEN (3 consecutive failures)")).isNull();
        assertThat(SummaryLog.parse("summary rule whisper: timeouts=1")).isNull();
    }
}
