package dev.resilience.agent.cli;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class path {@code explain} reads, the way the application's class loader would see it:
 * directories, jars, {@code dir/*} (every jar in a directory, as {@code java -cp} takes it), and
 * Spring Boot fat jars and wars, whose {@code BOOT-INF/classes} / {@code WEB-INF/classes} and
 * nested {@code lib/*.jar} are included (nested jars are copied to a temporary directory, deleted
 * on close). Class files are only read, never loaded. The first entry holding a name wins. Not
 * thread-safe.
 */
final class ClassPath implements Closeable {
    private final List<Root> roots = new ArrayList<>();
    private final List<String> entries = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Why a resource that is on the class path could not be read, by resource name. */
    private final java.util.Map<String, String> unreadable = new java.util.HashMap<>();
    /**
     * The largest class file read: far beyond any real one (the JVM's own limits keep them to a few
     * MB), and small enough that a jar entry inflating to gigabytes (a zip bomb) cannot exhaust the
     * heap (audit: explain died with a bare OutOfMemoryError on a 2 MB jar).
     */
    static final int MAX_CLASS_BYTES = 64 << 20;
    private final List<ZipFile> open = new ArrayList<>();
    /** Jars whose manifest {@code Class-Path} was followed: two jars naming each other are read once. */
    private final Set<Path> followed = new java.util.HashSet<>();
    private Path nestedDirectory;

    /** One place classes are read from. */
    private interface Root {
        byte[] read(String resource) throws IOException;

        /** Every {@code .class} resource name, relative to the root. */
        void classResources(List<String> into) throws IOException;
    }

    private ClassPath() {
    }

    /** @param spec entries separated by {@code :} ({@code ;} on Windows), as for {@code java -cp} */
    static ClassPath open(String spec) {
        ClassPath classPath = new ClassPath();
        for (String entry : spec.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(entry.trim());
            }
        }
        return classPath;
    }

    /** The entries as given (a fat jar's nested parts listed after it). */
    List<String> entries() {
        return entries;
    }

    /** Entries that could not be read: missing files, files that are neither jar nor directory. */
    List<String> problems() {
        return problems;
    }

    private void add(String entry) {
        if (entry.endsWith(File.separator + "*") || entry.equals("*")) {
            Path directory = Path.of(entry.substring(0, entry.length() - 1));
            try (Stream<Path> files = Files.list(directory.toString().isEmpty() ? Path.of(".") : directory)) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(f -> add(f.toString()));
            } catch (IOException e) {
                problems.add(entry + ": cannot list the directory (" + e.getMessage() + ")");
            }
            return;
        }
        Path path = Path.of(entry);
        if (Files.isDirectory(path)) {
            entries.add(entry);
            roots.add(new DirectoryRoot(path));
        } else if (Files.isRegularFile(path)) {
            addArchive(entry, path);
        } else if (Files.exists(path)) {
            problems.add(entry + ": not a jar or a directory");
        } else {
            problems.add(entry + ": no such file or directory");
        }
    }

    private void addArchive(String entry, Path path) {
        ZipFile zip;
        try {
            zip = versioned(path);
        } catch (IOException e) {
            problems.add(entry + ": not a jar or directory (" + e.getMessage() + ")");
            return;
        }
        open.add(zip);
        entries.add(entry);
        for (String packaged : List.of("BOOT-INF/", "WEB-INF/")) {
            if (zip.getEntry(packaged + "classes/") != null || hasEntryUnder(zip, packaged + "classes/")) {
                roots.add(new ZipRoot(zip, packaged + "classes/"));
                entries.add(entry + "!/" + packaged + "classes/");
                addNestedJars(entry, zip, packaged + "lib/");
            }
        }
        roots.add(new ZipRoot(zip, ""));
        addManifestClassPath(path, zip);
    }

    /**
     * The jar manifest's {@code Class-Path}, as the JVM follows it for {@code java -cp app.jar} and
     * {@code java -jar app.jar}: relative URLs resolved against the jar's directory, searched right
     * after the jar, and followed on from the jars they name; an entry that does not exist is skipped,
     * as the JVM skips it (audit: a {@code -jar} application whose libraries come through
     * {@code Class-Path} had its protected methods listed as matching nothing).
     */
    private void addManifestClassPath(Path jarPath, ZipFile zip) {
        String classPath;
        try {
            java.util.jar.Manifest manifest = zip instanceof java.util.jar.JarFile jar ? jar.getManifest() : null;
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
        } catch (IOException | RuntimeException unreadable) {
            return; // the JVM reads no Class-Path from a manifest it cannot read either
        }
        if (classPath == null || !followed.add(jarPath.toAbsolutePath().normalize())) {
            return;
        }
        java.net.URI base = jarPath.toAbsolutePath().getParent().toUri();
        for (String url : classPath.trim().split("\\s+")) {
            Path target;
            try {
                java.net.URI resolved = base.resolve(java.net.URI.create(url)); // relative URLs: %20 for a space
                if (!"file".equals(resolved.getScheme())) {
                    continue;
                }
                target = Path.of(resolved);
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAPath) {
                continue; // not a URL, or not a file: the JVM skips it too
            }
            if (Files.isDirectory(target)) {
                entries.add(target.toString());
                roots.add(new DirectoryRoot(target));
            } else if (Files.isRegularFile(target) && !followed.contains(target.toAbsolutePath().normalize())) {
                addArchive(target.toString(), target);
            }
        }
    }

    /**
     * A jar read as the JVM running explain reads it: in a multi-release jar, a class of
     * {@code META-INF/versions/N/} (the highest N up to this JVM's version) stands for the base one
     * (audit: explain listed the base classes while the agent, on the same JVM, instrumented the
     * versioned ones).
     */
    private static ZipFile versioned(Path path) throws IOException {
        return new java.util.jar.JarFile(path.toFile(), false, ZipFile.OPEN_READ, Runtime.version());
    }

    private static boolean hasEntryUnder(ZipFile zip, String prefix) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            if (all.nextElement().getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void addNestedJars(String entry, ZipFile zip, String libPrefix) {
        List<ZipEntry> jars = new ArrayList<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            if (name.startsWith(libPrefix) && name.endsWith(".jar") && name.indexOf('/', libPrefix.length()) < 0) {
                jars.add(e);
            }
        }
        jars.sort(Comparator.comparing(ZipEntry::getName));
        for (ZipEntry jar : jars) {
            try {
                if (nestedDirectory == null) {
                    nestedDirectory = Files.createTempDirectory("resilience-explain");
                }
                Path copy = nestedDirectory.resolve(jar.getName().substring(libPrefix.length()));
                try (InputStream in = zip.getInputStream(jar)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                ZipFile nested = versioned(copy);
                open.add(nested);
                roots.add(new ZipRoot(nested, ""));
                entries.add(entry + "!/" + jar.getName());
            } catch (IOException e) {
                problems.add(entry + "!/" + jar.getName() + ": cannot read the nested jar (" + e.getMessage() + ")");
            }
        }
    }

    /** The bytes of a resource ({@code com/example/Foo.class}), or null when no entry holds it. */
    byte[] read(String resource) {
        for (Root root : roots) {
            try {
                byte[] bytes = root.read(resource);
                if (bytes != null) {
                    return bytes;
                }
            } catch (IOException e) {
                unreadable.putIfAbsent(resource, e.getMessage()); // an unreadable copy does not hide a later one
            }
        }
        return null;
    }

    /** Why {@code resource} could not be read where the class path has it, or null. */
    String whyUnreadable(String resource) {
        return unreadable.get(resource);
    }

    /** Reads at most {@link #MAX_CLASS_BYTES}; more is refused, not read. */
    private static byte[] bounded(InputStream in, long declaredSize) throws IOException {
        if (declaredSize > MAX_CLASS_BYTES) {
            throw new IOException("larger than 64 MB (" + declaredSize + " bytes): not read");
        }
        byte[] bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
        if (bytes.length > MAX_CLASS_BYTES) {
            throw new IOException("larger than 64 MB: not read");
        }
        return bytes;
    }

    /** Every class name on the class path, once, in class-path order (module and package infos left out). */
    List<String> classNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Root root : roots) {
            List<String> resources = new ArrayList<>();
            try {
                root.classResources(resources);
            } catch (IOException e) {
                continue;
            }
            for (String resource : resources) {
                if (resource.startsWith("META-INF/") || resource.startsWith("BOOT-INF/") || resource.startsWith("WEB-INF/")
                        || resource.endsWith("module-info.class") || resource.endsWith("package-info.class")) {
                    continue;
                }
                names.add(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public void close() {
        for (ZipFile zip : open) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // closing a read-only file cannot lose anything
            }
        }
        if (nestedDirectory != null) {
            try (Stream<Path> files = Files.list(nestedDirectory)) {
                files.forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
            nestedDirectory.toFile().delete();
        }
    }

    private record DirectoryRoot(Path directory) implements Root {
        @Override
        public byte[] read(String resource) throws IOException {
            Path file = directory.resolve(resource);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return bounded(in, Files.size(file));
            }
        }

        @Override
        public void classResources(List<String> into) throws IOException {
            try (Stream<Path> files = Files.walk(directory)) {
                files.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f))
                        .map(f -> directory.relativize(f).toString().replace(File.separatorChar, '/'))
                        .sorted()
                        .forEach(into::add);
            }
        }
    }

    private record ZipRoot(ZipFile zip, String prefix) implements Root {
        @Override
        public byte[] read(String resource) throws IOException {
            ZipEntry entry = zip.getEntry(prefix + resource);
            if (entry == null || entry.isDirectory()) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return bounded(in, entry.getSize());
            }
        }

        @Override
        public void classResources(List<String> into) {
            if (prefix.isEmpty() && zip instanceof java.util.jar.JarFile jar && jar.isMultiRelease()) {
                // base names: a class only under META-INF/versions/N/ is on the class path under its own name
                jar.versionedStream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")
                        && !name.startsWith("META-INF/")).distinct().forEach(into::add);
                return;
            }
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                String name = all.nextElement().getName();
                if (name.startsWith(prefix) && name.endsWith(".class")) {
                    into.add(name.substring(prefix.length()));
                }
            }
        }
    }
}
