package dev.resilience.agent.instrument;

import dev.resilience.agent.matching.DeclaredMethod;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class OwnFutureWarningsTest {
    /** A future type of the application's own. */
    public static class OwnFuture extends java.util.concurrent.CompletableFuture<String> {
    }

    /** Serves this module's class files, and records the threads that read them. */
    static final class WatchedLoader extends ClassLoader {
        final Set<Thread> readers = ConcurrentHashMap.newKeySet();
        final Set<String> read = ConcurrentHashMap.newKeySet();

        WatchedLoader() {
            super(OwnFutureWarningsTest.class.getClassLoader());
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            readers.add(Thread.currentThread());
            read.add(name);
            return super.getResourceAsStream(name);
        }
    }

    /**
     * Review: the check read the return type's class file on the thread loading the class (which holds
     * the JVM's lock for it), through the matcher's own type cache, where a type read before its loader
     * defined it hid its supertypes from subtypeOf. It reads on the agent's thread now, through a cache
     * of its own, and still warns.
     */
    @Test
    void theReturnTypeIsReadOffTheLoadingThreadAndTheMethodIsWarnedAbout() {
        WatchedLoader loader = new WatchedLoader();
        String own = OwnFutureWarningsTest.OwnFuture.class.getName();
        DeclaredMethod method = new DeclaredMethod("fetch", "()L" + own.replace('.', '/') + ";", List.of(), own, List.of(),
                Modifier.PUBLIC, false);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            OwnFutureWarnings.check(loader, "x.Client", method, "own-future");

            assertThat(loader.readers).doesNotContain(Thread.currentThread());
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> err.toString(StandardCharsets.UTF_8).contains("rule 'own-future': x.Client#fetch() returns "
                            + own + ", a future type of its own"));
        } finally {
            System.setErr(original);
        }
        assertThat(loader.readers).isNotEmpty().doesNotContain(Thread.currentThread());
    }

    @Test
    void jdkTypesAndTheTwoFutureTypesAreNeverRead() {
        WatchedLoader loader = new WatchedLoader();
        for (String type : List.of("java.lang.String", "java.util.concurrent.CompletableFuture", "int")) {
            String descriptor = type.equals("int") ? "()I" : "()L" + type.replace('.', '/') + ";";
            OwnFutureWarnings.check(loader, "x.Client", new DeclaredMethod("get", descriptor, List.of(), type, List.of(),
                    Modifier.PUBLIC, false), "jdk-types");
        }
        // a type of the application's, checked after them: once it is read, they were passed over
        String mine = OwnFutureWarningsTest.class.getName();
        OwnFutureWarnings.check(loader, "x.Client", new DeclaredMethod("self", "()L" + mine.replace('.', '/') + ";", List.of(),
                mine, List.of(), Modifier.PUBLIC, false), "jdk-types");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !loader.read.isEmpty());

        assertThat(loader.read).allMatch(name -> name.startsWith("dev/resilience/"));
    }
}
