package dev.resilience.agent.cli;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The local JVMs {@code attach} can see, and the status an attached agent leaves behind. Uses the
 * JDK's attach API ({@code com.sun.tools.attach}, module {@code jdk.attach}) through reflection,
 * since a JRE-only image lacks it; without it, lists the pids in
 * {@code <java.io.tmpdir>/hsperfdata_<user>/}, where every HotSpot JVM of this user that keeps
 * performance data ({@code -XX:-UsePerfData} turns it off) registers itself. Stateless.
 */
final class Jvms {
    private Jvms() { }

    record Jvm(long pid, String description) { }

    /** @param source how the list was made, for the operator */
    record Listing(String source, List<Jvm> jvms) { }

    static Listing list() {
        try {
            Class<?> virtualMachine = Class.forName("com.sun.tools.attach.VirtualMachine");
            Class<?> descriptor = Class.forName("com.sun.tools.attach.VirtualMachineDescriptor");
            Method id = descriptor.getMethod("id");
            Method displayName = descriptor.getMethod("displayName");
            List<Jvm> jvms = new ArrayList<>();
            for (Object jvm : (List<?>) virtualMachine.getMethod("list").invoke(null)) {
                String pid = (String) id.invoke(jvm);
                if (pid.chars().allMatch(Character::isDigit)) {
                    jvms.add(new Jvm(Long.parseLong(pid), (String) displayName.invoke(jvm)));
                }
            }
            return new Listing("the JDK attach API (com.sun.tools.attach.VirtualMachine.list())", jvms);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
            return fromPerfData();
        }
    }

    private static Listing fromPerfData() {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"));
        List<Jvm> jvms = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(f -> f.getFileName().toString()).filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).sorted()
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(process -> jvms.add(new Jvm(pid,
                            process.info().commandLine().orElse("(command line not visible)")))));
        } catch (IOException e) {
            // no directory: no JVM of this user keeps performance data
        }
        return new Listing(directory + " (the JDK attach API is not available in this Java runtime)", jvms);
    }

    /**
     * The outcome of the attach {@code id}, as the agent published it in the JVM's system properties
     * ({@code resilience.agent.status.ID}), or with a null id the last start's or attach's
     * ({@code resilience.agent.status}); empty when it is not there or cannot be read (no attach API,
     * or the JVM refused a second connection).
     */
    static Optional<String> status(String pid, String id) {
        return properties(pid).map(p -> p.getProperty("resilience.agent.status" + (id == null ? "" : "." + id)));
    }

    /** The system properties of a JVM, or empty when they cannot be read (no attach API, or the JVM refused a second connection). */
    static Optional<Properties> properties(String pid) {
        try {
            Class<?> virtualMachine = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = virtualMachine.getMethod("attach", String.class).invoke(null, pid);
            try {
                Properties properties = (Properties) virtualMachine.getMethod("getSystemProperties").invoke(vm);
                return Optional.of(properties);
            } finally {
                virtualMachine.getMethod("detach").invoke(vm);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
