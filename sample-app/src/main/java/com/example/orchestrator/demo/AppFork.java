package com.example.orchestrator.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the application ({@code com.example.orchestrator.Main}) in its own JVM with only the
 * application jar on its class path, optionally under {@code -javaagent}. Reports progress from the
 * app's {@code [progress] n/N} lines and keeps every stderr line with the time it was read, so the
 * agent's breaker log lines can be placed on the timeline.
 */
final class AppFork {
    private static final Pattern PROGRESS = Pattern.compile("^\\[progress] (\\d+)/(\\d+)");

    /** A stderr line and when it was read (epoch ms). */
    record StampedLine(long atEpochMs, String text) {}

    record Outcome(int exitCode, List<StampedLine> stderr, List<String> stdout) {}

    static Outcome run(List<String> jvmArgs, Path appJar, List<String> appArgs, IntConsumer onProgress, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", appJar.toString(), "com.example.orchestrator.Main", "--progress"));
        cmd.addAll(appArgs);
        Process p = new ProcessBuilder(cmd).start();
        List<StampedLine> err = Collections.synchronizedList(new ArrayList<>());
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Thread errReader = reader(new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)),
                line -> err.add(new StampedLine(System.currentTimeMillis(), line)));
        Thread outReader = reader(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), line -> {
            Matcher m = PROGRESS.matcher(line);
            if (m.find()) onProgress.accept(Integer.parseInt(m.group(1)));
            else out.add(line);
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the application did not end within " + timeoutSeconds + " s: " + String.join(" ", cmd));
        }
        errReader.join(2000);
        outReader.join(2000);
        return new Outcome(p.exitValue(), List.copyOf(err), List.copyOf(out));
    }

    private static Thread reader(BufferedReader in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (in) {
                for (String line; (line = in.readLine()) != null; ) sink.accept(line);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "fork-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Progress for the terminal: a bar redrawn in place on a console, otherwise (CI logs) one line
     * per quarter. Progress lines may arrive out of order (workers print concurrently): only a
     * higher count is shown.
     */
    static IntConsumer progressBar(PrintStream out, String label, int total) {
        boolean console = System.console() != null;
        java.util.concurrent.atomic.AtomicInteger shown = new java.util.concurrent.atomic.AtomicInteger(-1);
        return done -> {
            int previous = shown.getAndAccumulate(done, Math::max);
            if (done <= previous) return;
            if (console) {
                int width = 30;
                int filled = total == 0 ? width : done * width / total;
                out.printf("\r  %-14s [%s%s] %d/%d jobs", label, "#".repeat(filled), ".".repeat(width - filled), done, total);
                out.flush();
            } else if (total > 0 && (done == total || done * 4 / total > Math.max(previous, 0) * 4 / total)) {
                out.printf("  %-14s %d/%d jobs%n", label, done, total);
            }
        };
    }

    static void requireFile(Path p, String what) throws IOException {
        if (!Files.isRegularFile(p)) throw new IOException(what + " not found: " + p);
    }
}
