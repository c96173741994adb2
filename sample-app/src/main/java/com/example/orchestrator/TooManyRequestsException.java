package com.example.orchestrator;

/**
 * HTTP 429. Deliberately not a {@link ClientErrorException}: the request is fine, the service
 * asks to come back later.
 */
public class TooManyRequestsException extends HttpStatusException {
    public TooManyRequestsException(String service, String body) {
        super(service, 429, body);
    }
}
