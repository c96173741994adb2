package com.example.orchestrator.json;

import java.io.IOException;

/** A response body that is not the JSON the adapter expected: an I/O failure like any other. */
public class JsonException extends IOException {
    public JsonException(String message) {
        super(message);
    }
}
