package com.example.orchestrator;

import java.io.IOException;

/** Somewhere to keep files by bucket and path. Implementations say whether they are thread-safe. */
public interface BlobStore {
    /** Stores {@code data} at {@code bucket/path}; returns the stored object's key. */
    String upload(String bucket, String path, byte[] data) throws IOException;

    /** The bytes stored at {@code bucket/path}. */
    byte[] download(String bucket, String path) throws IOException;
}
