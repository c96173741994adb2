package dev.resilience.agent.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class files of the running JDK's {@code java.base} module, read from its image: a corpus of
 * real javac output (about 6,000 classes) for tests that compare the agent's readers with ASM or
 * Byte Buddy. Stateless.
 */
public final class JavaBaseClasses {
    private JavaBaseClasses() {
    }

    /** Every class file under {@code package} ("" for all; "java" for the java.* packages), module-info left out. */
    public static List<ClassFileAt> under(String packagePath) throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/")); // the JDK's own: never closed
        Path root = jrt.getPath("/modules/java.base");
        try (Stream<Path> files = Files.walk(packagePath.isEmpty() ? root : root.resolve(packagePath))) {
            List<Path> paths = files.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().equals("module-info.class")).toList();
            List<ClassFileAt> classes = new java.util.ArrayList<>(paths.size());
            for (Path path : paths) {
                String relative = root.relativize(path).toString();
                classes.add(new ClassFileAt(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'),
                        Files.readAllBytes(path)));
            }
            return classes;
        }
    }

    /** One class file and the binary name it is stored under. */
    public record ClassFileAt(String name, byte[] bytes) { }
}
