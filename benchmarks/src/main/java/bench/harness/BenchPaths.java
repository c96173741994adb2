package bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harnesses find the jars they attach or launch. System properties override each
 * default: {@code bench.root} (the repository root; default: the working directory),
 * {@code bench.build} (benchmarks/target), {@code agent.jar}, {@code bench.java} (the {@code java}
 * binary forked JVMs use; default: this JVM's).
 */
public final class BenchPaths {
    private BenchPaths() {
    }

    public static Path root() {
        return Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    }

    public static Path build() {
        String build = System.getProperty("bench.build");
        return build != null ? Path.of(build).toAbsolutePath().normalize() : root().resolve("benchmarks/target");
    }

    public static Path agentJar() {
        String jar = System.getProperty("agent.jar");
        return jar != null ? Path.of(jar).toAbsolutePath().normalize() : root().resolve("agent/target/resilience-agent.jar");
    }

    public static Path benchPolicy() {
        return root().resolve("benchmarks/src/main/resources/bench-policy.yaml");
    }

    public static Path byteBuddyAgentJar() {
        return build().resolve("benchmarks-bytebuddy-agent.jar");
    }

    public static Path emptyAgentJar() {
        return build().resolve("benchmarks-empty-agent.jar");
    }

    /** A do-nothing transformer with the resilience agent's capabilities: the floor of any agent that watches class loading. */
    public static Path noopTransformerAgentJar() {
        return build().resolve("benchmarks-noop-transformer-agent.jar");
    }

    public static Path startupAppJar() {
        return build().resolve("benchmarks-startup-app.jar");
    }

    public static Path sampleAppJar() {
        return root().resolve("sample-app/target/sample-app.jar");
    }

    /** The class path of this JVM's own classes (a jar or target/classes). */
    public static Path ownClasses() {
        try {
            return Path.of(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String java() {
        String java = System.getProperty("bench.java");
        return java != null && !java.isBlank() ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Fails with what to build when {@code file} is missing. */
    public static Path require(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " not found: " + file
                    + " (build first, from the repository root: mvn -B -q package -DskipTests)");
        }
        return file;
    }
}
