import java.net.*; import java.nio.file.*; import java.io.*;
public class ReadProbe {
  public static void main(String[] a) throws Exception {
    URLClassLoader l = new URLClassLoader(new URL[]{Path.of(a[0]).toUri().toURL()}, ReadProbe.class.getClassLoader());
    String[] names = new String(l.getResourceAsStream("gen/classes.txt").readAllBytes()).split("\n");
    int n = Integer.parseInt(a[1]);
    long t0 = System.nanoTime(); long[] each = new long[n];
    for (int i = 0; i < n; i++) { long s = System.nanoTime();
      try (InputStream in = l.getResourceAsStream(names[i].replace('.', '/') + ".class")) { in.readAllBytes(); }
      each[i] = System.nanoTime() - s; }
    long t = System.nanoTime() - t0;
    System.out.printf("%d reads %.1f ms; first %d us, 2nd %d, 10th %d, last %d%n", n, t/1e6, each[0]/1000, each[1]/1000, each[9]/1000, each[n-1]/1000);
  }
}
