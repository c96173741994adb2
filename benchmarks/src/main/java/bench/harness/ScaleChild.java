package bench.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The JVM the scale harness forks (with or without the agent): loads, links and initialises the
 * first {@code N} classes of the generated jar through a {@link URLClassLoader}, timing only that
 * loop (wall time, and the CPU time of the loading thread, which is where the agent's
 * transformer runs); then counts the targets whose method runs on a {@code resilience-timeout} worker (i.e.
 * were instrumented) and measures the heap and metaspace still in use after two full GCs.
 * Prints one line: {@code loaded=.. loadMs=.. cpuMs=.. instrumented=../.. heapBytes=.. metaspaceBytes=..}.
 * Usage: {@code ScaleChild JAR N [--supertypes-on-demand]}.
 *
 * <p>The jar lists its support types (the interfaces, annotations and abstract bases of
 * {@code gen.api} and {@code gen.base}) first, so by default they load before the classes below
 * them. {@code --supertypes-on-demand} leaves them out of the loop: the JVM then loads each one
 * when it defines the first class below it, after that class has gone through the transformers,
 * as in an application that never names its base types itself.
 */
public final class ScaleChild {
    private ScaleChild() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int limit = Integer.parseInt(args[1]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ScaleChild.class.getClassLoader())) {
            List<String> all = lines(loader, "gen/classes.txt");
            List<String> names = all.subList(0, Math.min(all.size(), limit));
            if (args.length > 2 && args[2].equals("--supertypes-on-demand")) {
                names = names.stream().filter(name -> !name.startsWith("gen.api.") && !name.startsWith("gen.base.")).toList();
            }
            java.util.Set<String> loaded = new java.util.HashSet<>(names);
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (String name : names) {
                Class.forName(name, true, loader);
            }
            long loadNanos = System.nanoTime() - start;
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;

            List<String> targets = lines(loader, "gen/targets.txt");
            int present = 0;
            int instrumented = 0;
            for (String target : targets) {
                if (!loaded.contains(target)) {
                    continue;
                }
                present++;
                Object instance = Class.forName(target, true, loader).getConstructor().newInstance();
                String thread = (String) instance.getClass().getMethod("op0").invoke(instance);
                if (thread.startsWith("resilience-timeout")) {
                    instrumented++;
                }
            }
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                    .mapToLong(p -> p.getUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "loaded=%d loadMs=%.1f cpuMs=%.1f instrumented=%d/%d heapBytes=%d metaspaceBytes=%d%n",
                    names.size(), loadNanos / 1e6, cpuNanos / 1e6, instrumented, present, heap, metaspace);
        }
    }

    private static List<String> lines(ClassLoader loader, String resource) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(loader.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank()).toList();
        }
    }

}
