package bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and keeps what it printed. Stateless. */
final class Launch {
    private Launch() {
    }

    record Result(int exitCode, long wallNanos, String stdout, String stderr) {
        double wallMs() {
            return wallNanos / 1e6;
        }
    }

    /** Runs {@code command}; fails when it runs longer than {@code timeoutSeconds}. */
    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        long start = System.nanoTime();
        Process process = builder.start();
        // drain both streams on their own threads so neither pipe can fill up and block the child
        StreamReader out = new StreamReader(process.getInputStream());
        StreamReader err = new StreamReader(process.getErrorStream());
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        long wall = System.nanoTime() - start;
        return new Result(process.exitValue(), wall, out.text(), err.text());
    }

    private static final class StreamReader {
        private final Thread thread;
        private volatile String text = "";

        StreamReader(java.io.InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = "(unreadable: " + e + ")";
                }
            }, "launch-reader");
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException {
            thread.join(10_000);
            return text;
        }
    }
}
