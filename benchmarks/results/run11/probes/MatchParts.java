package dev.resilience.agent.matching;

import dev.resilience.agent.policy.PolicyLoader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;
import java.util.jar.*;

public class MatchParts {
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
        List<RuleSelector> selectors = matcher.selectors();
        RuleIndex index = new RuleIndex(selectors);
        TypeHierarchy hierarchy = new TypeHierarchy();
        int n = Integer.parseInt(a[2]);
        long[] t = new long[6];
        try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(a[0]).toUri().toURL()}, null)) {
            for (int i = 0; i < n; i++) {
                long s0 = System.nanoTime();
                String className = names.get(i).replace('/', '.');
                long s0b = System.nanoTime();
                boolean ignored = PolicyMatcher.isIgnored(className);
                long s1 = System.nanoTime(); t[5] += s0b - s0;
                BitSet rules = new BitSet(selectors.size());
                index.addByClassName(className, rules);
                long s2 = System.nanoTime();
                ClassFile header = ClassFile.parse(classes.get(i), className, true);
                long s3 = System.nanoTime();
                for (String ann : header.annotations()) index.addByAnnotation(ann, rules);
                long s4 = System.nanoTime();
                if (!header.isInterface()) {
                    if (header.superName() != null) { for (int r : hierarchy.rulesBroughtBy(loader, header.superName(), index)) rules.set(r); }
                    for (String p : header.interfaces()) { for (int r : hierarchy.rulesBroughtBy(loader, p, index)) rules.set(r); }
                }
                long s5 = System.nanoTime();
                t[0] += s1 - s0; t[1] += s2 - s1; t[2] += s3 - s2; t[3] += s4 - s3; t[4] += s5 - s4;
            }
        }
        System.out.printf("replace %.2f ", t[5] / 1e3 / n);
        System.out.printf("per class us: name+ignored %.2f  byName %.2f  parse %.2f  annotations %.2f  supertypes %.2f%n",
            t[0] / 1e3 / n, t[1] / 1e3 / n, t[2] / 1e3 / n, t[3] / 1e3 / n, t[4] / 1e3 / n);
    }
}
