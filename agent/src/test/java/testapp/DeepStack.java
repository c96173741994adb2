package testapp;

/**
 * Calls a matched method at every stack depth up to a {@link StackOverflowError}, as deep
 * recursion in an application does, and counts the calls that returned normally with a wrong
 * value (a body that never ran, answered with 0). The method is synchronized, so a thread-mode
 * rule runs its body on the caller's thread, the deepest path through the agent.
 */
public class DeepStack {
    private int runs;
    private long calls;
    private long wrong;

    public synchronized int work(int x) {
        runs++;
        return x + 1;
    }

    private int flakyRuns;
    private boolean failFirst;
    private long flakyCalls;

    /** Fails on its first attempt of a call when asked to, succeeds on the next: such a call, retried, takes 2 runs. */
    public String flaky() throws java.io.IOException {
        if (failFirst && ++flakyRuns % 2 == 1) {
            throw new java.io.IOException("first attempt");
        }
        return "ok";
    }

    /**
     * {@code rounds} dives to the stack's end calling {@link #flaky} at every depth on the way up (one
     * call in 64 failing its first attempt, so retries run there too without waiting long), then,
     * after a pause of 1.5 s, one call on a shallow stack that fails its first attempt:
     * {@code runs=N last interrupted=B}, N the runs of that call (2 while the rule still retries; 1
     * when the thread took it for a nested call and ran it unprotected; 0 when it was refused), B
     * whether an interrupt reached this thread, outside any protected call, a while later.
     */
    public String flakyAfterDives(int rounds) throws Exception {
        for (int round = 0; round < rounds; round++) {
            downFlaky();
        }
        Thread.sleep(1_500); // the agent's threads have had time to recover from what the overflows cut short
        flakyRuns = 0;
        failFirst = true;
        String last;
        try {
            last = flaky();
        } catch (java.io.IOException unprotected) {
            last = "failed";
        }
        int runs = flakyRuns;
        Thread.sleep(1_500); // past every deadline of the calls the overflows cut short
        return "runs=" + runs + " " + last + " interrupted=" + Thread.interrupted();
    }

    private void downFlaky() {
        try {
            downFlaky();
        } catch (StackOverflowError expected) {
            // the deepest frame: unwind, calling flaky at each depth on the way up
        }
        try {
            flakyRuns = 0;
            failFirst = flakyCalls++ % 64 == 0;
            flaky();
        } catch (Throwable fine) {
            // an overflow this deep, or a failure: what the application would get anyway
        }
    }

    /**
     * {@code rounds} dives to the stack's end, after one call on a shallow stack (which initialises what
     * the agent's call path needs, as an application's first call would); {@code wrong=N calls=M}.
     */
    public String dive(int rounds) {
        work(0);
        for (int round = 0; round < rounds; round++) {
            down();
        }
        return "wrong=" + wrong + " calls=" + calls;
    }

    private void down() {
        try {
            down();
        } catch (StackOverflowError expected) {
            // the deepest frame: unwind, calling work at each depth on the way up
        }
        calls++;
        try {
            if (work(1) != 2) {
                wrong++;
            }
        } catch (StackOverflowError fine) {
            // failing with a stack overflow this deep is what the application would get anyway
        }
    }

    private static boolean loaded;

    /**
     * Loads {@link LoadedDeep} on the way up from a stack overflow, at the first depth where loading
     * succeeds: too deep for the JVM to run the agent's transformer. Then one call:
     * {@code deep=true failed runs=1} while the class runs unprotected.
     */
    public static String loadDeep() {
        down(0);
        return "deep=" + loaded + " " + new LoadedDeep().call();
    }

    /** A call of the class {@link #loadDeep} loaded: {@code ok runs=2} once it is protected. */
    public static String callLoaded() {
        return new LoadedDeep().call();
    }

    private static void down(int depth) {
        try {
            down(depth + 1);
        } catch (StackOverflowError expected) {
            // the deepest frame: unwind, trying to load the class at each depth on the way up
        }
        if (!loaded) {
            try {
                Class.forName("testapp.LoadedDeep");
                loaded = true;
            } catch (Throwable tooDeep) {
                // no stack even to load it: a frame higher up tries again
            }
        }
    }

    private static final java.util.List<Class<?>> LOADED_IN_LOADERS = new java.util.ArrayList<>();
    private static java.util.List<ClassLoader> loaders;

    /**
     * Defines {@link LoadedDeep} anew in each of {@code count} class loaders, one loader at each depth
     * on the way up from a stack overflow: the deepest too deep for the JVM to call the agent's
     * transformer (or for the transformer to finish), the rest shallow enough.
     * {@code loaded=N}.
     */
    public static String loadDeepInLoaders(int count) throws Exception {
        java.net.URL classes = LoadedDeep.class.getProtectionDomain().getCodeSource().getLocation();
        loaders = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            loaders.add(new ChildFirst(classes, LoadedDeep.class.getName()));
        }
        // One load on a shallow stack first, as an application's loaders would have done: a class the
        // loading path initialises first at the end of a stack fails for the JVM's life
        // (ClassNotFoundException did, here), which would end every later load.
        Class.forName(LoadedDeep.class.getName(), false, new ChildFirst(classes, LoadedDeep.class.getName()));
        try {
            Class.forName("testapp.NoSuchClass", false, loaders.get(0));
        } catch (ClassNotFoundException expected) {
            // initialised now
        }
        for (int round = 0; round < 20 && LOADED_IN_LOADERS.size() < count; round++) {
            downLoading();
        }
        return "loaded=" + LOADED_IN_LOADERS.size() + (LOADED_IN_LOADERS.size() < count ? " last failure: " + lastFailure : "");
    }

    private static Throwable lastFailure;

    /**
     * Calls the classes {@link #loadDeepInLoaders} defined every 100 ms until each retries a failed
     * call, for up to 30 s (the agent instruments them at its checks, the later ones a check apart):
     * {@code protected=N of M}.
     */
    public static String awaitLoadedInLoadersProtected() throws Exception {
        long giveUp = System.nanoTime() + 30_000_000_000L;
        String protectedCount = callLoadedInLoaders();
        while (!protectedCount.equals("protected=" + LOADED_IN_LOADERS.size() + " of " + LOADED_IN_LOADERS.size())
                && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            protectedCount = callLoadedInLoaders();
        }
        return protectedCount;
    }

    /** {@code protected=N of M}: how many of the classes {@link #loadDeepInLoaders} defined retry a failed call. */
    private static String callLoadedInLoaders() throws Exception {
        int retried = 0;
        for (Class<?> type : LOADED_IN_LOADERS) {
            Object instance = type.getConstructor().newInstance();
            if (type.getMethod("call").invoke(instance).equals("ok runs=2")) {
                retried++;
            }
        }
        return "protected=" + retried + " of " + LOADED_IN_LOADERS.size();
    }

    private static void downLoading() {
        try {
            downLoading();
        } catch (StackOverflowError expected) {
            // the deepest frame: unwind, loading in the next loader at each depth on the way up
        }
        int next = LOADED_IN_LOADERS.size();
        if (next < loaders.size()) {
            try {
                LOADED_IN_LOADERS.add(Class.forName(LoadedDeep.class.getName(), false, loaders.get(next)));
            } catch (Throwable tooDeep) {
                lastFailure = tooDeep; // a frame higher up tries again
            }
        }
    }

    /** Defines one class itself (the others come from its parent, the application's loader). */
    private static final class ChildFirst extends java.net.URLClassLoader {
        private final String own;

        ChildFirst(java.net.URL classes, String own) {
            super(new java.net.URL[] {classes}, DeepStack.class.getClassLoader());
            this.own = own;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(own)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> defined = findLoadedClass(name);
                return defined != null ? defined : findClass(name);
            }
        }
    }
}
