package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import java.nio.file.*;
import java.util.*;
import java.util.jar.*;

public class InstrumentProbeLoop {
    public static void main(String[] a) throws Exception {
        List<String> names = new ArrayList<>();
        List<byte[]> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(a[0])) {
            for (String t : new String(jar.getInputStream(jar.getEntry("gen/targets.txt")).readAllBytes()).split("\n")) {
                if (t.isBlank()) continue;
                names.add(t);
                classes.add(jar.getInputStream(jar.getEntry(t.replace('.', '/') + ".class")).readAllBytes());
            }
        }
        LoadResult loaded = PolicyLoader.parse(Files.readString(Path.of(a[1])), "p.yaml");
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { }, (l, f, t) -> { });
        ClassLoader loader = InstrumentProbe.class.getClassLoader();
        long[] per = new long[classes.size()];
        long t0 = System.nanoTime();
        for (int rep = 0; rep < Integer.parseInt(a[2]); rep++) {
        for (int i = 0; i < classes.size(); i++) {
            long s = System.nanoTime();
            List<RuleSelector> selected = policy.matcher().select(loader, names.get(i), classes.get(i));
            ClassInstrumenter.instrument(loader, names.get(i), classes.get(i), selected, policy);
            per[i] = System.nanoTime() - s;
        }
        }
        long total = System.nanoTime() - t0;
        long first = per[0];
        long[] rest = Arrays.copyOfRange(per, 100, per.length); Arrays.sort(rest);
        System.out.printf("instrument %d classes: %.1f ms total, first %.1f ms, median of the last 100 %d us%n", classes.size(), total / 1e6, first / 1e6, rest[rest.length / 2] / 1000);
    }
}
