package dev.resilience.agent.core.jcstress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs jcstress and exits 1 when a test failed or broke: jcstress itself reports FORBIDDEN outcomes
 * only in its output and report, and always exits 0, which would let the build pass.
 */
public final class RunJcstress {
    private RunJcstress() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
        try {
            org.openjdk.jcstress.Main.main(args);
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        String output = copy.toString(StandardCharsets.UTF_8);
        boolean clean = output.contains("Failed tests: No matches.") && output.contains("Error tests: No matches.");
        if (!clean) {
            console.println("jcstress: some tests FAILED or broke; see target/jcstress/results/index.html");
            System.exit(1);
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
