package com.example.orchestrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline for one job: transcribe the audio, summarise the transcript with the LLM, insert a
 * row, upload the transcript. Deliberately no retries, timeouts or breakers here: the first failure
 * fails the job. Resilience comes from the agent's policy, applied to the adapters' methods.
 *
 * <p>Thread-safe: jobs may run concurrently.
 */
public final class Orchestrator {
    public static final String TABLE = "transcripts";
    public static final String BUCKET = "transcripts";

    private final WhisperClient whisper;
    private final OllamaClient ollama;
    private final SupabaseClient supabase;
    private final BlobStore storage;
    private final String model;
    private final CallLog calls;

    public Orchestrator(WhisperClient whisper, OllamaClient ollama, SupabaseClient supabase, BlobStore storage,
                        String model, CallLog calls) {
        this.whisper = whisper;
        this.ollama = ollama;
        this.supabase = supabase;
        this.storage = storage;
        this.model = model;
        this.calls = calls;
    }

    /** Runs the job to its end; never throws for a failed step, the result says what failed. */
    public JobResult process(Job job) {
        long startMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String step = "whisper.transcribe";
        try {
            String transcript = calls.call("whisper", "transcribe", job.id(),
                    () -> whisper.transcribe(job.audio(), job.fileName()));
            step = "ollama.generate";
            String summary = calls.call("ollama", "generate", job.id(),
                    () -> ollama.generate(model, "Summarise this transcript in one sentence:\n" + transcript));
            step = "supabase.insert";
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", job.id());
            row.put("file_name", job.fileName());
            row.put("transcript", transcript);
            row.put("summary", summary);
            calls.call("supabase", "insert", job.id(), () -> {
                supabase.insert(TABLE, row);
                return null;
            });
            step = "storage.upload";
            calls.call("storage", "upload", job.id(),
                    () -> storage.upload(BUCKET, job.id() + ".txt", transcript.getBytes(StandardCharsets.UTF_8)));
            return new JobResult(job.id(), JobResult.Status.COMPLETED, null, startMs, elapsed(t0));
        } catch (IOException | RuntimeException e) {
            return new JobResult(job.id(), JobResult.Status.FAILED, step + ": " + describe(e), startMs, elapsed(t0));
        }
    }

    static String describe(Throwable e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }

    private static double elapsed(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
