package com.example.orchestrator.demo;

import static com.example.orchestrator.demo.Fixtures.T0;
import static com.example.orchestrator.demo.Fixtures.failed;
import static com.example.orchestrator.demo.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {
    @Test
    void eachSliceShowsItsMostTellingEvent() {
        DemoRun run = Fixtures.run(true, List.of(
                        ok("whisper", 10, 50),                                             // slice 0: ok
                        ok("whisper", 250, 400),                                           // first request at 260, retry at 500 -> slice 2 'r'
                        failed("whisper", 800, 20, "com.example.orchestrator.ServerErrorException", "503"),  // slice 3 'x'
                        failed("whisper", 1300, 1, "dev.resilience.agent.CircuitOpenException", "circuit open for rule whisper")),
                Map.of("whisper", List.of(15L, 260L, 500L, 805L)),
                List.of(new BreakerLog.Transition(T0 + 1250, "whisper", "CLOSED", "OPEN", null),
                        new BreakerLog.Transition(T0 + 1800, "whisper", "OPEN", "HALF_OPEN", null)));

        Timeline t = Timeline.of("whisper", run, T0, 250, 8);

        // 0: ok, 1: idle, 2: the retry at 500 ms, 3: failure, 4: idle, 5: rejected, 6-7: open until 1.8 s
        assertThat(t.text()).isEqualTo(". rx -OO");
    }

    @Test
    void leftoverRequestsAreRetriesAndRejectedCallsClaimNone() {
        List<Long> retries = Timeline.retries(List.of(
                        ok("ollama", 0, 100), ok("ollama", 50, 300),
                        failed("ollama", 400, 1, "x.CircuitOpenException", "open")),
                List.of(T0 + 1, T0 + 55, T0 + 200, T0 + 320));

        assertThat(retries).containsExactly(T0 + 200, T0 + 320);
    }

    @Test
    void aLongCallDoesNotTakeTheRequestOfAShortCallInsideIt() {
        // the long call's own request arrived late (a cold client); the short call's in between
        List<Long> retries = Timeline.retries(List.of(ok("whisper", 0, 1000), ok("whisper", 20, 10)),
                List.of(T0 + 25, T0 + 500));

        assertThat(retries).isEmpty();
    }

    @Test
    void figuresCountRetriesAsRequestsMinusCallsThatSentSomething() {
        DemoRun run = Fixtures.run(true, List.of(ok("supabase", 0, 10), ok("supabase", 100, 10),
                        failed("supabase", 300, 1, "x.CallNotPermittedException", "breaker supabase is open")),
                Map.of("supabase", List.of(0L, 40L, 100L, 140L, 180L)),
                List.of(new BreakerLog.Transition(T0 + 250, "supabase", "CLOSED", "OPEN", null)));

        ServiceFigures f = ServiceFigures.of("supabase", run);

        assertThat(f.calls()).isEqualTo(3);
        assertThat(f.rejected()).isEqualTo(1);
        assertThat(f.retries()).isEqualTo(3);
        assertThat(f.breakerOpens()).isEqualTo(1);
        assertThat(f.breakerResets()).isZero();
    }

    @Test
    void breakerFiguresAreUnknownWithoutTheAgent() {
        ServiceFigures f = ServiceFigures.of("storage", Fixtures.run(false, List.of(), Map.of(), List.of()));

        assertThat(f.breakerOpens()).isNull();
        assertThat(f.breakerResets()).isNull();
    }
}
