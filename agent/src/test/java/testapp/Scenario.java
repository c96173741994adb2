package testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The application the integration tests start with {@code -javaagent}. Arguments: the base URL,
 * then steps such as {@code legacy.get:/path}, {@code sleep:1200}, {@code async.fetch:/path}, or
 * {@code waitfile:/tmp/x}, which prints {@code WAITING /tmp/x} and blocks until that file exists, so a
 * test can change something (rewrite the policy, attach the agent) and then release the application.
 * Prints one parseable line per call:
 * {@code CALL <n> <step> OK <millis> <value>} or
 * {@code CALL <n> <step> ERR <millis> <exception class> suppressed=<n> io=<bool> <message>}.
 *
 * <p>Steps that look at the agent rather than call (they are not numbered as calls):
 * {@code scrape:<port>} GETs the agent's /metrics ({@link Scrape}); {@code jmx:<rule>} prints the
 * rule's MBean and {@code jmx.<operation>:<rule>} invokes forceOpen, forceClosed or reset ({@link Jmx});
 * {@code micrometer.init} sets up the application's own Micrometer and {@code micrometer:<rule>}
 * prints the agent's meters found in its global registry ({@link AppMicrometer}, needs Micrometer
 * on the class path); {@code signal:<file>} creates that file for the test to see and
 * {@code await:<file>} waits until the test creates that file.
 */
public final class Scenario {
    private Scenario() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN STARTED");
        String base = args[0];
        LegacyClient legacy = new LegacyClient(base);
        UncheckedClient unchecked = new UncheckedClient(base);
        UnmatchedClient unmatched = new UnmatchedClient(base);
        OuterService outer = new OuterService(base);
        AsyncClient async = new AsyncClient(base);
        List<String> steps = new ArrayList<>(List.of(args).subList(1, args.length));
        int n = 0;
        for (String step : steps) {
            int colon = step.indexOf(':');
            String action = colon < 0 ? step : step.substring(0, colon);
            String argument = colon < 0 ? "" : step.substring(colon + 1);
            if (action.equals("sleep")) {
                Thread.sleep(Long.parseLong(argument));
                continue;
            }
            if (action.equals("waitfile")) {
                System.out.println("WAITING " + argument);
                awaitFile(java.nio.file.Path.of(argument));
                continue;
            }
            if (observe(action, argument)) {
                continue;
            }
            n++;
            long start = System.nanoTime();
            try {
                Object value = switch (action) {
                    case "legacy.get" -> legacy.get(argument);
                    case "legacy.getTwice" -> legacy.getTwice(argument);
                    case "legacy.length" -> legacy.length(argument);
                    case "legacy.send" -> {
                        legacy.send(argument);
                        yield "void";
                    }
                    case "unchecked.fetch" -> unchecked.fetch(argument);
                    case "unmatched.get" -> unmatched.get(argument);
                    case "outer.load" -> outer.load(argument);
                    case "async.fetch" -> awaitAsync(async.fetch(argument), start, n, step);
                    default -> throw new IllegalArgumentException("unknown step " + step);
                };
                System.out.println("CALL " + n + " " + step + " OK " + millis(start) + " " + value);
            } catch (Throwable error) {
                Throwable shown = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
                System.out.println("CALL " + n + " " + step + " ERR " + millis(start) + " " + shown.getClass().getName()
                        + " suppressed=" + shown.getSuppressed().length
                        + " io=" + (shown instanceof java.io.IOException)
                        + " " + String.valueOf(shown.getMessage()).replace('\n', ' '));
            }
        }
        System.out.println("MAIN DONE");
    }

    /** Runs a step that looks at the agent; false when the action is a call. */
    private static boolean observe(String action, String argument) throws Exception {
        switch (action) {
            case "scrape" -> Scrape.print(Integer.parseInt(argument));
            case "jmx" -> Jmx.print(argument);
            case "jmx.forceOpen", "jmx.forceClosed", "jmx.reset" -> Jmx.invoke(argument, action.substring("jmx.".length()));
            case "micrometer.init" -> AppMicrometer.init();
            case "micrometer" -> AppMicrometer.print(argument);
            case "signal" -> java.nio.file.Files.createFile(java.nio.file.Path.of(argument));
            case "await" -> awaitFile(java.nio.file.Path.of(argument));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Waits (up to 60 s) for the test to create {@code file}, e.g. after it used JMX from outside. */
    private static void awaitFile(java.nio.file.Path file) throws InterruptedException {
        System.out.println("AWAITING " + file);
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (!java.nio.file.Files.exists(file)) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(file + " did not appear in 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static Object awaitAsync(CompletableFuture<String> future, long start, int n, String step) throws Exception {
        System.out.println("RETURNED " + n + " " + step + " " + millis(start));
        return future.get();
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
