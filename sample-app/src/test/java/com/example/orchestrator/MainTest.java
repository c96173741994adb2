package com.example.orchestrator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    /** Audit: --demo on the app's command line ran the demo's defaults whatever --jobs and --concurrency said. */
    @Test
    void theDemoGetsTheJobsConcurrencyAndIntervalGivenWithDemo() {
        String[] args = {"--demo", "--jobs", "5", "--whisper", "http://127.0.0.1:1", "--concurrency", "2", "--interval", "10",
            "--seed", "7"};

        assertThat(Main.demoArguments(args)).containsExactly("--jobs", "5", "--concurrency", "2", "--interval", "10",
                "--seed", "7");
        assertThat(Options.parse(args).demo()).isTrue();
        assertThat(Main.demoArguments(new String[] {"--demo"})).isEmpty();
    }
}
