package dev.resilience.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a test application in a new JVM with the built agent jar, the way operators will:
 * {@code java -javaagent:resilience-agent.jar=ARGS -cp test-classes MAIN ARGS}. The JVM is
 * {@code -Dit.java} (Java 17 by default; CI repeats the suite on Java 25).
 */
final class ForkedApp {
    static final Path AGENT_JAR = Paths.get(System.getProperty("agent.jar", "target/resilience-agent.jar")).toAbsolutePath();
    static final String JAVA = System.getProperty("it.java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());

    private ForkedApp() {
    }

    /** Output of a finished JVM. */
    record Result(int exitCode, List<String> stdout, String stderr) {
        List<Call> calls() {
            return stdout.stream().filter(line -> line.startsWith("CALL ")).map(Call::parse).toList();
        }

        Call call(int n) {
            return calls().stream().filter(c -> c.n() == n).findFirst()
                    .orElseThrow(() -> new AssertionError("no call " + n + " in output:\n" + String.join("\n", stdout) + "\n" + stderr));
        }

        Optional<Long> returnedMillis(int n) {
            return stdout.stream().filter(line -> line.startsWith("RETURNED " + n + " "))
                    .map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).findFirst();
        }

        /**
         * The agent's counters for one method, from the {@code stats} step's
         * {@code STATS <qualified method> rule=<name> successes=<n> ...} lines.
         */
        java.util.Map<String, Long> stats(String qualifiedMethod) {
            String prefix = "STATS " + qualifiedMethod + " ";
            String line = stdout.stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no STATS line for " + qualifiedMethod + " in:\n" + this));
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            for (String pair : line.substring(prefix.length()).split(" ")) {
                int eq = pair.indexOf('=');
                if (!pair.startsWith("rule=")) {
                    counts.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                }
            }
            return counts;
        }

        /** Wall time of a {@code parallel:...:step} step, from its {@code PARALLEL <step> <millis>} line. */
        long parallelMillis(String step) {
            return stdout.stream().filter(l -> l.startsWith("PARALLEL " + step + " "))
                    .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no PARALLEL line for " + step + " in:\n" + this));
        }

        boolean mainRan() {
            return stdout.contains("MAIN STARTED");
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderr;
        }
    }

    /** One {@code CALL} line of testapp.Scenario. */
    record Call(int n, String step, boolean ok, long millis, String value, String exception, int suppressed, boolean io,
                String message) {
        static Call parse(String line) {
            String[] parts = line.split(" ", 6);
            int n = Integer.parseInt(parts[1]);
            boolean ok = parts[3].equals("OK");
            long millis = Long.parseLong(parts[4]);
            if (ok) {
                return new Call(n, parts[2], true, millis, parts.length > 5 ? parts[5] : "", null, 0, false, null);
            }
            String[] error = parts[5].split(" ", 4);
            return new Call(n, parts[2], false, millis, null, error[0],
                    Integer.parseInt(error[1].substring("suppressed=".length())),
                    Boolean.parseBoolean(error[2].substring("io=".length())), error.length > 3 ? error[3] : "");
        }
    }

    /** A forked JVM still running, whose output the test reads as it comes. Close it to kill it. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> stdout = new ArrayList<>();
        private final StringBuilder stderr = new StringBuilder();
        private final Thread outReader;
        private final Thread errReader;

        Running(Process process) {
            this.process = process;
            this.outReader = reader(process.getInputStream(), line -> {
                synchronized (this) {
                    stdout.add(line);
                    notifyAll();
                }
            });
            this.errReader = reader(process.getErrorStream(), line -> {
                synchronized (this) {
                    stderr.append(line).append('\n');
                    notifyAll();
                }
            });
        }

        private static Thread reader(InputStream stream, java.util.function.Consumer<String> sink) {
            Thread thread = new Thread(() -> {
                try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        sink.accept(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        long pid() {
            return process.pid();
        }

        synchronized String stderr() {
            return stderr.toString();
        }

        synchronized List<String> stdout() {
            return List.copyOf(stdout);
        }

        /** Waits until standard output has a line equal to {@code line}. */
        void awaitStdoutLine(String line) {
            await(() -> stdout.contains(line), "a line '" + line + "' on stdout");
        }

        /** Waits until standard error contains {@code fragment} at least {@code times} times. */
        void awaitStderr(String fragment, int times) {
            await(() -> count(stderr.toString(), fragment) >= times, times + " x '" + fragment + "' on stderr");
        }

        private static int count(String text, String fragment) {
            int n = 0;
            for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + fragment.length())) {
                n++;
            }
            return n;
        }

        private synchronized void await(java.util.function.BooleanSupplier condition, String what) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive() && !errReader.isAlive())) {
                    throw new AssertionError("waited in vain for " + what + "\n" + this);
                }
                try {
                    wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        /** Waits for the JVM to end and returns everything it printed. */
        Result finish() {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("forked JVM did not finish in 60 s\n" + this);
                }
                outReader.join(5_000);
                errReader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            synchronized (this) {
                return new Result(process.exitValue(), List.copyOf(stdout), stderr.toString());
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        @Override
        public synchronized String toString() {
            return "--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderr;
        }
    }

    /** Starts the test application and returns at once (see {@link Running}). */
    static Running start(String agentArgument, List<String> jvmOptions, String mainClass, String... args) {
        try {
            return new Running(new ProcessBuilder(command(agentArgument, jvmOptions, List.of(), mainClass, args)).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the agent jar as a command-line tool: {@code java -jar resilience-agent.jar ARGS}. */
    static Result cli(String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", AGENT_JAR.toString()));
        command.addAll(List.of(args));
        try (Running running = new Running(new ProcessBuilder(command).start())) {
            return running.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(String agentArgument, String mainClass, String... args) {
        return run(agentArgument, List.of(), List.of(), mainClass, args);
    }

    /**
     * @param agentArgument null to start without the agent
     * @param extraClasspath entries appended after the test classes
     */
    static Result run(String agentArgument, List<String> jvmOptions, List<Path> extraClasspath, String mainClass,
                      String... args) {
        List<String> command = command(agentArgument, jvmOptions, extraClasspath, mainClass, args);
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("forked JVM did not finish in 90 s: " + command + "\n" + out.getNow("") + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join().lines().toList(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> command(String agentArgument, List<String> jvmOptions, List<Path> extraClasspath,
                                        String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        if (agentArgument != null) {
            command.add("-javaagent:" + AGENT_JAR + (agentArgument.isEmpty() ? "" : "=" + agentArgument));
        }
        command.addAll(jvmOptions);
        StringBuilder classpath = new StringBuilder(testClasses().toString());
        extraClasspath.forEach(entry -> classpath.append(java.io.File.pathSeparator).append(entry));
        command.add("-cp");
        command.add(classpath.toString());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    static Path testClasses() {
        try {
            return Paths.get(ForkedApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port free now, for an endpoint the forked JVM opens. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the file a Scenario's {@code signal:} step creates. */
    static void awaitFile(Path file) {
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file)) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError(file + " did not appear in 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Writes a policy to a temporary file and returns its path. */
    static String policy(String yaml) {
        try {
            Path file = Files.createTempFile("policy", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
