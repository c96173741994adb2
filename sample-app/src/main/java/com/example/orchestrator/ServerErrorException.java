package com.example.orchestrator;

/** A 5xx answer: the service failed to handle a request that may well be fine. */
public class ServerErrorException extends HttpStatusException {
    public ServerErrorException(String service, int status, String body) {
        super(service, status, body);
    }
}
