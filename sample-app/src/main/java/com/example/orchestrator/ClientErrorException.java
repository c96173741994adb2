package com.example.orchestrator;

/** A 4xx answer other than 429: the request itself is wrong. */
public class ClientErrorException extends HttpStatusException {
    public ClientErrorException(String service, int status, String body) {
        super(service, status, body);
    }
}
