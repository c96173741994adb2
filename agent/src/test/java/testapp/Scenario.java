package testapp;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;


/**
 * The application the integration tests start with {@code -javaagent}. Arguments: the base URL,
 * then steps such as {@code legacy.get:/path}, {@code sleep:1200}, {@code async.fetch:/path}.
 * Prints one parseable line per call:
 * {@code CALL <n> <step> OK <millis> <value>} or
 * {@code CALL <n> <step> ERR <millis> <exception class> suppressed=<n> io=<bool> <message>},
 * followed by {@code CAUSE <n> <class>} when the exception has a cause.
 *
 * <p>Further steps: {@code parallel:<threads>[x<calls>]:<step>} runs the step on that many
 * threads released together, each making {@code calls} calls in a row (one CALL line per call,
 * numbered thread by thread), then prints {@code PARALLEL <step> <millis>}; {@code interrupted}
 * is a call whose value is the main thread's interrupt flag; {@code apache.get} and
 * {@code okhttp.get} need those libraries on the class path; {@code stats} prints the agent's
 * per-method counters as {@code STATS <method> rule=<name> successes=<n> ...}, read by reflection
 * (a test-only view until the metrics endpoint exists), or {@code STATS none} without the agent.
 *
 * <p>{@code waitfile:/tmp/x} prints {@code WAITING /tmp/x} and blocks until that file exists, so a
 * test can change something (rewrite the policy, attach the agent) and then release the application.
 * Steps that look at the agent rather than call (they are not numbered as calls):
 * {@code mark:<text>} prints {@code MARK <text>};
 * {@code scrape:<port>} GETs the agent's /metrics ({@link Scrape}); {@code jmx:<rule>} prints the
 * rule's MBean and {@code jmx.<operation>:<rule>} invokes forceOpen, forceClosed or reset ({@link Jmx});
 * {@code micrometer.init} sets up the application's own Micrometer and {@code micrometer:<rule>}
 * prints the agent's meters found in its global registry ({@link AppMicrometer}, needs Micrometer
 * on the class path); {@code signal:<file>} creates that file for the test to see and
 * {@code await:<file>} waits until the test creates that file; {@code interrupt} sets the main
 * thread's own interrupt flag, as an application cancelling its work would; {@code retransform:<class>}
 * has another agent ({@link OtherAgent}) retransform that class.
 */
public final class Scenario {
    private final LegacyClient legacy;
    private final UncheckedClient unchecked;
    private final UnmatchedClient unmatched;
    private final OuterService outer;
    private final AsyncClient async;
    private final JdkClient jdk;
    private final CatalogClient catalog;
    private final LockedClient locked;
    private final String base;

    private Scenario(String base) {
        this.base = base;
        legacy = new LegacyClient(base);
        locked = new LockedClient(base);
        unchecked = new UncheckedClient(base);
        unmatched = new UnmatchedClient(base);
        outer = new OuterService(base);
        async = new AsyncClient(base);
        jdk = new JdkClient(base);
        catalog = new CatalogClient(base);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN STARTED");
        RequestContext.set("caller-context");
        Scenario scenario = new Scenario(args[0]);
        List<String> steps = new ArrayList<>(List.of(args).subList(1, args.length));
        int n = 0;
        for (String step : steps) {
            int colon = step.indexOf(':');
            String action = colon < 0 ? step : step.substring(0, colon);
            String argument = colon < 0 ? "" : step.substring(colon + 1);
            if (observe(action, argument)) {
                continue;
            }
            switch (action) {
                case "sleep" -> Thread.sleep(Long.parseLong(argument));
                case "mark" -> System.out.println("MARK " + argument);
                case "waitfile" -> {
                    System.out.println("WAITING " + argument);
                    awaitFile(java.nio.file.Path.of(argument));
                }
                case "stats" -> printStats();
                case "parallel" -> n = scenario.parallel(n, argument);
                case "background" -> n = scenario.background(n, argument);
                default -> scenario.callAndPrint(++n, step);
            }
        }
        System.out.println("MAIN DONE");
    }

    private void callAndPrint(int n, String step) {
        int colon = step.indexOf(':');
        String action = colon < 0 ? step : step.substring(0, colon);
        String argument = colon < 0 ? "" : step.substring(colon + 1);
        long start = System.nanoTime();
        try {
            Object value = call(action, argument, start, n, step);
            System.out.println("CALL " + n + " " + step + " OK " + millis(start) + " " + show(value));
        } catch (Throwable error) {
            Throwable shown = error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
            System.out.println("CALL " + n + " " + step + " ERR " + millis(start) + " " + shown.getClass().getName()
                    + " suppressed=" + shown.getSuppressed().length
                    + " io=" + (shown instanceof java.io.IOException)
                    + " " + String.valueOf(shown.getMessage()).replace('\n', ' '));
            if (shown.getCause() != null) {
                System.out.println("CAUSE " + n + " " + shown.getCause().getClass().getName());
            }
        }
    }

    private Object call(String action, String argument, long start, int n, String step) throws Exception {
        if (action.startsWith("async.")) {
            return AsyncSteps.call(async, action, argument, start, n, step);
        }
        return switch (action) {
            case "legacy.get" -> legacy.get(argument);
            case "fallingBack.load" -> new FallingBackService().load(argument);
            case "legacy.getTwice" -> legacy.getTwice(argument);
            case "legacy.length" -> legacy.length(argument);
            case "legacy.getHoldingIt" -> {
                synchronized (legacy) { // the caller holds the client's monitor through the call
                    yield legacy.get(argument);
                }
            }
            case "locked.get" -> locked.get(argument);
            case "locked.getLockingHoldingIt" -> {
                synchronized (locked) { // the caller holds the monitor the body takes
                    yield locked.getLocking(argument);
                }
            }
            case "selfFallback.name" -> SelfFallbackClient.callOnce(argument);
            case "interrupting.restores" -> InterruptingClient.restoresThenStatus();
            case "interrupting.take" -> InterruptingClient.takeInterrupted();
            case "interrupting.takeWaitingForAPlace" -> InterruptingClient.takeInterruptedWaitingForAPlace();
            case "loader.twoCalls" -> LoaderClient.twoCalls();
            case "deep.dive" -> new DeepStack().dive(Integer.parseInt(argument));
            case "deep.flakyAfterDives" -> new DeepStack().flakyAfterDives(Integer.parseInt(argument));
            case "deep.load" -> DeepStack.loadDeep();
            case "deep.callLoaded" -> DeepStack.callLoaded();
            case "deep.loadInLoaders" -> DeepStack.loadDeepInLoaders(Integer.parseInt(argument));
            case "deep.awaitLoadedInLoadersProtected" -> DeepStack.awaitLoadedInLoadersProtected();
            // classes loaded by their step only, so no other test's policy meets them
            case "legacySubclass.get" -> {
                LegacySubclass subclass = new LegacySubclass(base);
                String value = subclass.get(argument);
                yield value + " bodies=" + subclass.bodies;
            }
            case "initTime" -> InitTime.VALUE;
            case "isolatedLegacy.get" -> {
                // the client loaded again by a loader on the platform loader: it cannot see the agent's classes
                Class<?> client = Class.forName("testapp.LegacyClient", true, isolatedLoader());
                Object instance = client.getConstructor(String.class).newInstance(base);
                try {
                    yield client.getMethod("get", String.class).invoke(instance, argument);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
            case "isolatedOnly.call" -> {
                // a class the application's own loader never loads: only the isolated loader ever selects it
                Class<?> type = Class.forName("testapp.OnlyIsolated", true, isolatedLoader());
                yield type.getMethod("call", String.class).invoke(type.getConstructor().newInstance(), argument);
            }
            case "napper.nap" -> {
                Napper napper = new Napper();
                try {
                    yield napper.nap(argument) + " bodies=" + napper.bodies;
                } finally {
                    System.out.println("NAPS " + napper.bodies);
                }
            }
            case "legacy.send" -> {
                legacy.send(argument);
                yield "void";
            }
            case "unchecked.fetch" -> unchecked.fetch(argument);
            case "unmatched.get" -> unmatched.get(argument);
            case "outer.load" -> outer.load(argument);
            case "jdk.get" -> jdk.get(argument);
            case "jdk.getAsync" -> jdk.getAsync(argument).get();
            case "jdk.text" -> jdk.text(argument);
            case "apache.get" -> HttpLibraries.apacheGet(base, argument);
            case "okhttp.get" -> HttpLibraries.okhttpGet(base, argument);
            case "catalog.name" -> catalog.name(argument);
            case "catalog.count" -> catalog.count(argument);
            case "catalog.size" -> catalog.size(argument);
            case "catalog.price" -> catalog.price(argument);
            case "catalog.available" -> catalog.available(argument);
            case "catalog.description" -> catalog.description(argument);
            case "catalog.tags" -> catalog.tags(argument);
            case "catalog.attributes" -> catalog.attributes(argument);
            case "catalog.summary" -> catalog.summary(argument);
            case "catalog.label" -> catalog.label(argument);
            case "catalog.document" -> catalog.document(argument);
            case "catalog.touch" -> {
                catalog.touch(argument);
                yield "void";
            }
            case "interrupted" -> Thread.currentThread().isInterrupted();
            default -> throw new IllegalArgumentException("unknown step " + action + ":" + argument);
        };
    }

    /** {@code <threads>[x<calls>]:<step>}; returns the last call number used. */
    /**
     * {@code background:DELAY:step}: the step on a thread of its own, DELAY ms from now, while the
     * next steps run (it keeps the JVM alive until it ends).
     */
    private int background(int n, String argument) {
        int colon = argument.indexOf(':');
        long delay = Long.parseLong(argument.substring(0, colon));
        String step = argument.substring(colon + 1);
        int number = n + 1;
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            callAndPrint(number, step);
        }, "scenario-background");
        thread.start();
        return number;
    }

    private int parallel(int n, String argument) throws Exception {
        int colon = argument.indexOf(':');
        String shape = argument.substring(0, colon);
        String step = argument.substring(colon + 1);
        int x = shape.indexOf('x');
        int threads = Integer.parseInt(x < 0 ? shape : shape.substring(0, x));
        int calls = x < 0 ? 1 : Integer.parseInt(shape.substring(x + 1));
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = n + t * calls + 1;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < calls; i++) {
                    callAndPrint(first + i, step);
                }
            }, "scenario-" + t);
            workers.add(worker);
        }
        long begin = System.nanoTime();
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("PARALLEL " + step + " " + millis(begin));
        return n + threads * calls;
    }

    private static void printStats() throws Exception {
        Class<?> sites;
        try {
            sites = Class.forName("dev.resilience.agent.instrument.Sites");
        } catch (ClassNotFoundException noAgent) {
            System.out.println("STATS none");
            return;
        }
        for (Object site : (List<?>) sites.getMethod("all").invoke(null)) {
            Object binding = site.getClass().getMethod("binding").invoke(site);
            Object rule = binding == null ? null : binding.getClass().getMethod("rule").invoke(binding);
            StringBuilder line = new StringBuilder("STATS ").append(site.getClass().getMethod("qualifiedName").invoke(site))
                    .append(" rule=").append(rule == null ? "-" : rule.getClass().getMethod("name").invoke(rule));
            Object stats = site.getClass().getMethod("stats").invoke(site);
            for (Field field : stats.getClass().getFields()) {
                Object counter = field.get(stats);
                Method sum = counter == null ? null : publicSum(counter.getClass());
                if (sum != null && sum.getReturnType() == long.class) {
                    line.append(' ').append(field.getName()).append('=').append((long) sum.invoke(counter));
                }
            }
            System.out.println(line);
        }
    }

    private static Method publicSum(Class<?> type) {
        try {
            return type.getMethod("sum");
        } catch (NoSuchMethodException notACounter) {
            return null;
        }
    }

    private static String show(Object value) {
        if (value instanceof HttpResponse<?> response) {
            return "HTTP " + response.statusCode() + " " + response.body();
        }
        return String.valueOf(value);
    }

    static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Runs a step that looks at the agent; false when the action is a call. */
    private static boolean observe(String action, String argument) throws Exception {
        switch (action) {
            case "interrupt" -> Thread.currentThread().interrupt(); // the application's own interrupt
            case "retransform" -> OtherAgent.retransform(argument); // needs OtherAgent started as a -javaagent
            case "scrape" -> Scrape.print(Integer.parseInt(argument));
            case "jmx" -> Jmx.print(argument);
            case "mxbeans" -> Jmx.readMXBeans();
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

    /** A loader of this code on the platform loader: its classes cannot see the agent's. */
    private static ClassLoader isolatedLoader() {
        java.net.URL here = Scenario.class.getProtectionDomain().getCodeSource().getLocation();
        return new java.net.URLClassLoader("isolated", new java.net.URL[] {here}, ClassLoader.getPlatformClassLoader());
    }
}
