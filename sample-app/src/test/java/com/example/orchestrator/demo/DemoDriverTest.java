package com.example.orchestrator.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDriverTest {
    /**
     * Audit: run from anywhere but the repository root (Maven runs this test in sample-app/), the
     * demo did not find the agent jar and the policy, and silently skipped the run with the agent.
     */
    @Test
    void theDefaultPathsAreFoundInTheRepositoryWhenTheWorkingDirectoryHasNone() throws Exception {
        assertThat(Path.of("policies/sample-app-demo.yaml")).as("working directory: sample-app").doesNotExist();

        Path policy = DemoDriver.inRepository("demo.policy.unset.in.this.test", "policies/sample-app-demo.yaml");

        assertThat(policy).isAbsolute();
        assertThat(Files.isRegularFile(policy)).as(policy.toString()).isTrue();
        assertThat(DemoDriver.inRepository("demo.policy.unset.in.this.test", "no/such/file"))
                .isEqualTo(policy.getParent().getParent().resolve("no/such/file"));
    }
}
