package com.example.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerLogTest {
    @Test
    void readsTheAgentsDocumentedFormat() {
        BreakerLog.Transition t = BreakerLog.parse(
                "[resilience-agent] WARN breaker whisper CLOSED -> OPEN (3 consecutive failures)", 42);

        assertThat(t).isEqualTo(new BreakerLog.Transition(42, "whisper", "CLOSED", "OPEN", "3 consecutive failures"));
        assertThat(t.opened()).isTrue();
        assertThat(t.reset()).isFalse();
    }

    @Test
    void toleratesSmallVariationsOfWording() {
        assertThat(BreakerLog.parse("[resilience-agent] breaker storage-upload: HALF_OPEN -> CLOSED", 0))
                .satisfies(t -> assertThat(t.reset()).isTrue()).extracting(BreakerLog.Transition::rule).isEqualTo("storage-upload");
        assertThat(BreakerLog.parse("[resilience-agent] 12:00:01 INFO Breaker 'ollama' OPEN → HALF_OPEN", 0))
                .extracting(BreakerLog.Transition::to).isEqualTo("HALF_OPEN");
        assertThat(BreakerLog.parse("[resilience-agent] breaker supabase closed to open (failure threshold)", 0))
                .extracting(BreakerLog.Transition::to).isEqualTo("OPEN");
    }

    @Test
    void ignoresEverythingElse() {
        assertThat(BreakerLog.parseAll(List.of(
                "[resilience-agent] INFO policy loaded: 5 rules",
                "breaker whisper CLOSED -> OPEN",            // not from the agent
                "Exception in thread main ...")))
                .isEmpty();
    }

    @Test
    void mapsRulesToTheServiceTheyAreNamedAfter() {
        List<String> services = SimulatedServices.SERVICES;
        assertThat(BreakerLog.serviceOf("storage-upload", services)).isEqualTo("storage");
        assertThat(BreakerLog.serviceOf("whisper", services)).isEqualTo("whisper");
        assertThat(BreakerLog.serviceOf("billing", services)).isNull();
    }
}
