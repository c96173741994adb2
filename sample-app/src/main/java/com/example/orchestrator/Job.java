package com.example.orchestrator;

/** One recording to process: its id, the audio file's bytes and its name. */
public record Job(String id, byte[] audio, String fileName) {}
