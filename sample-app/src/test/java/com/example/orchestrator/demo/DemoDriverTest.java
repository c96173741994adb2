package com.example.orchestrator.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class DemoDriverTest {
    /**
     * Audit: run from anywhere but the repository root (Maven runs this test in sample-app/), the
     * demo did not find the agent jar and the policy, and silently skipped the run with the agent.
     */
    @Test
    void theDefaultPathsAreFoundInTheRepositoryWhenTheWorkingDirectoryHasNone() throws Exception {
        assumeThat(Path.of("policies/sample-app-demo.yaml")).as("working directory: sample-app").doesNotExist();

        Path policy = DemoDriver.inRepository("demo.policy.unset.in.this.test", "policies/sample-app-demo.yaml");

        assertThat(policy).isAbsolute();
        assertThat(Files.isRegularFile(policy)).as(policy.toString()).isTrue();
        assertThat(DemoDriver.inRepository("demo.policy.unset.in.this.test", "no/such/file"))
                .as("found nowhere: the working directory's, which the demo's note names")
                .isEqualTo(Path.of("no/such/file").toAbsolutePath());
    }

    /** Review: a demo jar at the file system's root (a container image) made the repository lookup throw. */
    @Test
    void aJarWithNoRepositoryAboveItFallsBackToTheWorkingDirectory() throws Exception {
        String saved = System.getProperty("app.jar");
        System.setProperty("app.jar", "/sample-app.jar");
        try {
            assertThat(DemoDriver.inRepository("demo.policy.unset.in.this.test", "policies/x.yaml"))
                    .isEqualTo(Path.of("policies/x.yaml").toAbsolutePath());
        } finally {
            if (saved == null) {
                System.clearProperty("app.jar");
            } else {
                System.setProperty("app.jar", saved);
            }
        }
    }
}
