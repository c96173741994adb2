package com.example.orchestrator;

/**
 * How a job ended.
 *
 * @param reason for a failed job, the step and the exception (type and message); null otherwise
 */
public record JobResult(String jobId, Status status, String reason, long startEpochMs, double durationMs) {
    public enum Status { COMPLETED, FAILED }

    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
