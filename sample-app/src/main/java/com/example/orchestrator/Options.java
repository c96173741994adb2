package com.example.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link Main}. Immutable. */
public record Options(String ollama, String supabase, String whisper, String storage, int jobs, int concurrency,
                      Duration interval, Duration guard, String model, String apiKey, Path reportJson,
                      boolean progress, boolean demo) {

    public static final String USAGE = """
            usage: java -jar sample-app.jar --ollama URL --supabase URL --whisper URL --storage URL [options]
                   java -jar sample-app.jar --demo [--jobs N] [--concurrency N] [--interval MS] [--seed N]
                                        (runs sample-app-demo.jar, next to it; see README)
              --jobs N              jobs to run (default 20)
              --concurrency N       worker threads (default 4)
              --interval MS         pause between job submissions in ms (default 0: all at once)
              --guard S             overall deadline for the run in seconds (default 900: above the
                                    longest protected job in policies/sample-app.yaml)
              --model NAME          Ollama model (default llama3)
              --api-key KEY         Supabase anon key for the database and storage (default demo-anon-key)
              --report-json FILE    write a JSON summary of jobs and calls
              --progress            print a "[progress] done/total" line per finished job
              --help                this text
            """;

    private static final List<String> FLAGS = List.of("--progress", "--demo");

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a readable message. */
    public static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (FLAGS.contains(a)) {
                values.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                values.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
        }
        boolean demo = values.containsKey("--demo");
        Options o = new Options(values.remove("--ollama"), values.remove("--supabase"), values.remove("--whisper"),
                values.remove("--storage"), intOf(values.remove("--jobs"), 20), intOf(values.remove("--concurrency"), 4),
                Duration.ofMillis(intOf(values.remove("--interval"), 0)),
                Duration.ofSeconds(intOf(values.remove("--guard"), 900)),
                values.getOrDefault("--model", "llama3"), values.getOrDefault("--api-key", "demo-anon-key"),
                values.containsKey("--report-json") ? Path.of(values.get("--report-json")) : null,
                values.containsKey("--progress"), demo);
        if (demo && values.containsKey("--seed")) {
            intOf(values.remove("--seed"), 0); // the demo's own option: its simulated faults' seed
        }
        values.keySet().removeAll(List.of("--model", "--api-key", "--report-json", "--progress", "--demo"));
        if (!values.isEmpty()) throw new IllegalArgumentException("unknown option(s): " + values.keySet());
        if (!demo && (o.ollama == null || o.supabase == null || o.whisper == null || o.storage == null)) {
            throw new IllegalArgumentException("the four service URLs are required (--ollama --supabase --whisper --storage)");
        }
        if (o.jobs < 0 || o.concurrency < 1) throw new IllegalArgumentException("--jobs >= 0 and --concurrency >= 1");
        return o;
    }

    private static int intOf(String s, int fallback) {
        if (s == null) return fallback;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + s);
        }
    }
}
