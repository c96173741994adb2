package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rewrite on real-world bytecode (the agent's weaver, and Byte Buddy's advice for what it gives
 * up): every class of six libraries on the test class path
 * (Guava, Jackson, Jetty, OkHttp and the Kotlin standard library compiled by Kotlin, Apache HttpClient 5), each of its default-selected
 * methods wrapped with the inline advice and, separately, with the hand-off advice. The rewritten
 * library is then defined, class by class, in a loader of its own and linked, which makes the
 * JVM verify every method: the rewrite must never produce a class the JVM rejects. Classes the JVM
 * rejects in their original form too (a dependency missing from the test class path) are left out,
 * and the test checks that it still verified most of each library.
 */
class RewriteCorpusTest {
    /** One class of each library: the jar it came from is the corpus. */
    private static final String[] LIBRARIES = {
        "com.google.common.collect.ImmutableList", "com.fasterxml.jackson.databind.ObjectMapper",
        "org.eclipse.jetty.server.Server", "okhttp3.OkHttpClient", "org.apache.hc.client5.http.impl.classic.HttpClients",
        "kotlin.collections.CollectionsKt",
    };
    private static final String POLICY = """
            version: 1
            rules:
              - name: everything
                match: { class: "**" }
                retry: { maxAttempts: 2, delay: 1ms }
                circuitBreaker: off
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeout: off", "timeout: 1s"})
    void everyRewrittenClassOfSixLibrariesPassesTheVerifier(String timeout) throws Exception {
        LoadResult loaded = PolicyLoader.parse(POLICY + "    " + timeout + "\n", "corpus.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { },
                (l, f, t) -> { });
        ClassLoader libraries = getClass().getClassLoader();
        Site.Kind expectedKind = timeout.endsWith("off") ? Site.Kind.INLINE : Site.Kind.HANDOFF;

        for (String library : LIBRARIES) {
            Map<String, byte[]> original = classesOf(jarOf(library));
            Map<String, byte[]> rewritten = new LinkedHashMap<>();
            int methods = 0;
            int rewrittenClasses = 0;
            int byByteBuddy = 0;
            for (Map.Entry<String, byte[]> type : original.entrySet()) {
                // every rule for every class, even those the matcher never selects (kotlin.*): more code to verify
                List<RuleSelector> selected = policy.matcher().selectors();
                ClassInstrumenter.Result result = selected.isEmpty() ? new ClassInstrumenter.Result(null, List.of())
                        : ClassInstrumenter.instrument(libraries, type.getKey(), type.getValue(), selected, policy);
                rewritten.put(type.getKey(), result.bytes() == null ? type.getValue() : result.bytes());
                if (result.bytes() != null) {
                    rewrittenClasses++;
                    byByteBuddy += result.woven() ? 0 : 1;
                }
                for (Site site : result.sites()) {
                    if (site.kind() == expectedKind || site.kind() == Site.Kind.ASYNC) {
                        methods++;
                    }
                }
            }

            List<String> linkableAsShipped = linkable(original, libraries, original.keySet(), null);
            List<String> failures = new ArrayList<>();
            linkable(rewritten, libraries, linkableAsShipped, failures);

            assertThat(failures).as(library + ": classes the JVM rejects after the rewrite").isEmpty();
            assertThat(linkableAsShipped.size()).as(library + ": classes verified").isGreaterThan(original.size() / 2);
            assertThat(methods).as(library + ": methods rewritten").isGreaterThan(100);
            // Byte Buddy's advice only takes what the weaver gives up: Kotlin's returns over a value left on the
            // stack (1 class of OkHttp, about 3% of the Kotlin standard library's), none elsewhere. So this
            // test is mostly a test of the weaver.
            assertThat(byByteBuddy).as(library + ": classes left to Byte Buddy's advice").isLessThanOrEqualTo(rewrittenClasses / 20);
        }
    }

    /**
     * Defines {@code classes} in a fresh loader and links each of {@code names}; returns those that
     * linked. A failure is added to {@code failures} (when given) as the class and the error.
     */
    private static List<String> linkable(Map<String, byte[]> classes, ClassLoader parent, Iterable<String> names,
                                         List<String> failures) {
        Library loader = new Library(classes, parent);
        List<String> linked = new ArrayList<>();
        for (String name : names) {
            try {
                // getDeclaredMethods links the class, and linking verifies every method
                Class.forName(name, false, loader).getDeclaredMethods();
                linked.add(name);
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                if (failures != null) {
                    failures.add(name + ": " + e);
                }
            }
        }
        return linked;
    }

    private static Path jarOf(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Every class of the jar, by binary name (module-info and multi-release variants left out). */
    private static Map<String, byte[]> classesOf(Path jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
                        && !name.endsWith("package-info.class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    /** Defines the library's classes itself (child first), everything else from the test class path. */
    private static final class Library extends ClassLoader {
        private final Map<String, byte[]> classes;

        Library(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    byte[] bytes = classes.get(name);
                    if (bytes == null) {
                        return super.loadClass(name, resolve);
                    }
                    type = defineClass(name, bytes, 0, bytes.length);
                }
                return type;
            }
        }
    }
}
