package dev.resilience.agent.matching;

import dev.resilience.agent.policy.PolicyLoader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;
import java.util.jar.*;

public class MatchProbe {
    public static void main(String[] a) throws Exception {
        List<String> names = new ArrayList<>();
        List<byte[]> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(a[0])) {
            for (String t : new String(jar.getInputStream(jar.getEntry("gen/classes.txt")).readAllBytes()).split("\n")) {
                if (t.isBlank()) continue;
                names.add(t.replace('.', '/'));
                classes.add(jar.getInputStream(jar.getEntry(t.replace('.', '/') + ".class")).readAllBytes());
            }
        }
        PolicyMatcher matcher = new PolicyMatcher(PolicyLoader.parse(Files.readString(Path.of(a[1])), "p.yaml").policy());
        int n = Integer.parseInt(a[2]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(a[0]).toUri().toURL()}, null)) {
            long t0 = System.nanoTime();
            int selected = 0;
            for (int i = 0; i < n; i++) {
                String className = names.get(i).replace('/', '.');
                selected += matcher.select(loader, className, classes.get(i)).size();
            }
            long t = System.nanoTime() - t0;
            System.out.printf("select %d classes: %.1f ms, %.2f us/class, %d selected%n", n, t / 1e6, t / 1e3 / n, selected);
        }
    }
}
