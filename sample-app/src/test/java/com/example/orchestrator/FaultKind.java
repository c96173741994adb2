package com.example.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * The faults of the matrix. Each is served to the first {@link #faultyRequests} requests of an
 * endpoint; later requests get the healthy answer.
 */
enum FaultKind {
    HTTP_500(1),
    HTTP_503(1),
    HTTP_429(1),
    CONNECTION_RESET(1),
    EMPTY_RESPONSE(1),
    MALFORMED_CHUNK(1),
    DELAY_PAST_TIMEOUT(1),
    OUTAGE_THEN_RECOVERY(2);

    /** Longer than the IT policy's 1 s timeout, short enough for the no-agent cases to wait it out. */
    static final int DELAY_MS = 3000;

    final int faultyRequests;

    FaultKind(int faultyRequests) {
        this.faultyRequests = faultyRequests;
    }

    ResponseDefinitionBuilder response(ServiceEndpoint endpoint) {
        return switch (this) {
            case HTTP_500 -> aResponse().withStatus(500).withBody("internal error");
            case HTTP_503, OUTAGE_THEN_RECOVERY -> aResponse().withStatus(503).withBody("service unavailable");
            case HTTP_429 -> aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("slow down");
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> aResponse().withFault(Fault.EMPTY_RESPONSE);
            case MALFORMED_CHUNK -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK);
            case DELAY_PAST_TIMEOUT -> endpoint.healthy().withFixedDelay(DELAY_MS);
        };
    }

    /**
     * The exception type the adapter itself throws for this fault, as observed on Java 17
     * ({@code java.net.http} reports a reset or a silent close as a plain IOException,
     * HttpURLConnection as a SocketException); null when the adapter gets an answer.
     */
    String adapterException(ServiceEndpoint endpoint) {
        return switch (this) {
            case HTTP_500, HTTP_503, OUTAGE_THEN_RECOVERY -> ServerErrorException.class.getName();
            case HTTP_429 -> TooManyRequestsException.class.getName();
            case CONNECTION_RESET, EMPTY_RESPONSE ->
                    endpoint == ServiceEndpoint.STORAGE ? "java.net.SocketException" : "java.io.IOException";
            case MALFORMED_CHUNK -> "java.io.IOException";
            case DELAY_PAST_TIMEOUT -> null;
        };
    }

    /** Whether the adapter, on its own, still gets an answer (a late one). */
    boolean answersEventually() {
        return this == DELAY_PAST_TIMEOUT;
    }
}
