package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar leaves out what the agent never uses (the protobuf exposition, Micrometer's integrations,
 * histogram libraries); this checks, on the class files, that nothing the metrics code can reach
 * went with them.
 */
class LeanJarIT {
    private static final String SHADED = "dev/resilience/agent/shaded/";
    private static final Pattern SHADED_NAME = Pattern.compile(SHADED + "[A-Za-z0-9_/$]+");
    /**
     * Reachable but absent on purpose: HdrHistogram and LatencyUtils serve percentile histograms and
     * pause detection, which function meters never use; SLF4J 1 bindings are an optional probe SLF4J
     * guards.
     */
    private static final List<String> LEFT_OUT = List.of(SHADED + "hdrhistogram/", SHADED + "latencyutils/",
            SHADED + "slf4j/impl/");

    @Test
    void everyClassTheMetricsCodeCanReachIsInTheJar() throws IOException {
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            Set<String> classes = new HashSet<>();
            jar.stream().map(entry -> entry.getName()).filter(name -> name.endsWith(".class"))
                    .forEach(name -> classes.add(name.substring(0, name.length() - ".class".length())));
            Deque<String> todo = new ArrayDeque<>();
            classes.stream().filter(name -> name.startsWith("dev/resilience/agent/metrics/")).forEach(todo::add);
            Set<String> reached = new HashSet<>(todo);
            Set<String> missing = new TreeSet<>();
            while (!todo.isEmpty()) {
                String current = todo.pop();
                for (String referenced : shadedReferences(jar, current)) {
                    if (!classes.contains(referenced)) {
                        missing.add(referenced + " <- " + current);
                    } else if (reached.add(referenced)) {
                        todo.add(referenced);
                    }
                }
            }

            assertThat(reached).hasSizeGreaterThan(100);
            assertThat(missing).allMatch(line -> LEFT_OUT.stream().anyMatch(line::startsWith), "left out on purpose");
        }
    }

    @Test
    void thePrometheusClientAndMicrometersIntegrationsAreNotBundled() throws IOException {
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            // the endpoint writes the text formats itself (metrics.PrometheusText)
            assertThat(jar.stream().map(entry -> entry.getName()))
                    .noneMatch(name -> name.startsWith(SHADED + "prometheus/"))
                    .noneMatch(name -> name.startsWith(SHADED + "micrometer/core/instrument/binder/"))
                    .noneMatch(name -> name.startsWith(SHADED + "micrometer/observation/"))
                    .anyMatch(name -> name.startsWith(SHADED + "micrometer/core/instrument/simple/SimpleMeterRegistry"));
        }
    }

    /**
     * The shade plugin rewrites string constants that name a relocated package: the application's own
     * Byte Buddy must still be what the shipped matcher never instruments, not the agent's copy.
     */
    @Test
    void theShippedMatcherStillIgnoresTheApplicationsByteBuddy() throws Exception {
        try (URLClassLoader shipped = new URLClassLoader(new URL[] {ForkedApp.AGENT_JAR.toUri().toURL()}, null)) {
            Method isIgnored = shipped.loadClass("dev.resilience.agent.matching.PolicyMatcher").getMethod("isIgnored", String.class);

            assertThat(isIgnored.invoke(null, "net.bytebuddy.description.type.TypeDescription")).isEqualTo(true);
            assertThat(isIgnored.invoke(null, "net.bytebuddy.renamed.java.lang.Object$ByteBuddy$x1")).isEqualTo(false);
        }
    }

    /** Shaded class names in the constant pool's UTF-8 entries: class references and descriptors alike. */
    private static Set<String> shadedReferences(JarFile jar, String className) throws IOException {
        Set<String> names = new HashSet<>();
        try (InputStream in = jar.getInputStream(jar.getEntry(className + ".class"));
             DataInputStream data = new DataInputStream(in)) {
            data.skipBytes(8);
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        Matcher matcher = SHADED_NAME.matcher(data.readUTF());
                        while (matcher.find()) {
                            names.add(matcher.group());
                        }
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    default -> throw new IllegalStateException("constant pool tag " + tag + " in " + className);
                }
            }
        }
        return names;
    }
}
