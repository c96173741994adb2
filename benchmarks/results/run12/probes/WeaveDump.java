package dev.resilience.agent.instrument;
import net.bytebuddy.jar.asm.ClassReader;
import java.util.*; import java.util.jar.*; import java.nio.file.*;
public class WeaveDump {
    public static void main(String[] a) throws Exception {
        byte[] b;
        try (JarFile jar = new JarFile(a[0])) {
            String t = new String(jar.getInputStream(jar.getEntry("gen/targets.txt")).readAllBytes()).split("\n")[5];
            b = jar.getInputStream(jar.getEntry(t.replace('.', '/') + ".class")).readAllBytes();
        }
        Map<String, SiteWeaver.Target> targets = new HashMap<>();
        for (int m = 0; m < 4; m++) targets.put(SiteWeaver.key("op" + m, "()Ljava/lang/String;"), new SiteWeaver.Target(m + 1, Boolean.parseBoolean(a[1])));
        Files.write(Path.of(a[2]), SiteWeaver.weave(new ClassReader(b), targets));
        Files.write(Path.of(a[2] + ".orig"), b);
    }
}
