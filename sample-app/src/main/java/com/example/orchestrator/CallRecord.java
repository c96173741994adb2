package com.example.orchestrator;

import java.util.List;

/**
 * One call from the orchestrator into an adapter, as the orchestrator saw it: when, how long,
 * and how it ended. With the agent attached one call may hide several attempts; this record
 * sees only the call as a whole.
 *
 * @param exceptionTypes the thrown exception's class and its superclasses up to (excluding)
 *                       {@code Throwable}, most specific first; empty when the call succeeded
 * @param suppressed     how many exceptions were attached to the thrown one as suppressed
 *                       (the agent attaches earlier attempts' failures there)
 * @param timeout        the thrown exception is a {@code SocketTimeoutException} or
 *                       {@code HttpTimeoutException}
 */
public record CallRecord(String service, String method, String jobId, long startEpochMs, double durationMs,
                         boolean ok, List<String> exceptionTypes, String message, int suppressed, boolean timeout) {

    public String exceptionType() {
        return exceptionTypes.isEmpty() ? null : exceptionTypes.get(0);
    }
}
