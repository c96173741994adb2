package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import java.util.*;
import java.util.jar.*;

public class WeaveProbe {
    public static void main(String[] a) throws Exception {
        List<byte[]> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(a[0])) {
            for (String t : new String(jar.getInputStream(jar.getEntry("gen/targets.txt")).readAllBytes()).split("\n")) {
                if (t.isBlank()) continue;
                classes.add(jar.getInputStream(jar.getEntry(t.replace('.', '/') + ".class")).readAllBytes());
            }
        }
        boolean handoff = Boolean.parseBoolean(a[1]);
        String mode = a[2];
        int n = Integer.parseInt(a[3]);
        long t0 = System.nanoTime();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] b = classes.get(i % classes.size());
            ClassReader r = new ClassReader(b);
            if (mode.equals("copy")) {
                ClassWriter w = new ClassWriter(r, 0);
                r.accept(w, ClassReader.EXPAND_FRAMES);
                bytes += w.toByteArray().length;
            } else if (mode.equals("reader")) {
                bytes += r.getClassName().length();
            } else {
                Map<String, SiteWeaver.Target> targets = new HashMap<>();
                for (int m = 0; m < 4; m++) targets.put(SiteWeaver.key("op" + m, "()Ljava/lang/String;"), new SiteWeaver.Target(m + 1, handoff));
                bytes += SiteWeaver.weave(r, targets).length;
            }
        }
        System.out.printf("%s handoff=%s n=%d: %.1f us/class (%d bytes)%n", mode, handoff, n, (System.nanoTime() - t0) / 1e3 / n, bytes / n);
    }
}
