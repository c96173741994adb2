package com.example.orchestrator;

import java.io.IOException;

/**
 * A service answered with a non-2xx status. The status is in the message and in {@link #status()}.
 *
 * <p>Subclasses say who is at fault, the way many HTTP client libraries do:
 * {@link ClientErrorException} (4xx: the request is wrong, sending it again will not help),
 * {@link ServerErrorException} (5xx) and {@link TooManyRequestsException} (429).
 */
public class HttpStatusException extends IOException {
    private final int status;

    public HttpStatusException(String service, int status, String body) {
        super(service + " answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + shorten(body)));
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The exception a legacy adapter throws for {@code status}. */
    public static HttpStatusException of(String service, int status, String body) {
        if (status == 429) return new TooManyRequestsException(service, body);
        if (status >= 500) return new ServerErrorException(service, status, body);
        if (status >= 400) return new ClientErrorException(service, status, body);
        return new HttpStatusException(service, status, body);
    }

    private static String shorten(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
