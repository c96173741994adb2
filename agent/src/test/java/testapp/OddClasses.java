package testapp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import testapp.fixtures.Store;

/**
 * Defines classes from odd bytes through its own class loader, the way plug-in systems and code
 * generators do, and uses them. Argument: a directory of {@code <binary name>.class} files. Prints
 * {@code ODD <name> OK <value>} or {@code ODD <name> ERR <exception>} per class.
 */
public final class OddClasses {
    private OddClasses() {
    }

    /** Defines classes from the directory; refuses to hand out the bytes of {@code testapp.odd.Hidden} as a resource. */
    static final class OddLoader extends ClassLoader {
        private final Path dir;

        OddLoader(Path dir) {
            super(OddClasses.class.getClassLoader());
            this.dir = dir;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try {
                byte[] bytes = Files.readAllBytes(dir.resolve(name + ".class"));
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        public InputStream getResourceAsStream(String resource) {
            if (resource.equals("testapp/odd/Hidden.class")) {
                throw new IllegalStateException("this loader does not serve class files as resources");
            }
            if (resource.startsWith("testapp/odd/")) {
                try {
                    return Files.newInputStream(dir.resolve(resource.substring(0, resource.length() - 6).replace('/', '.') + ".class"));
                } catch (IOException e) {
                    return null;
                }
            }
            return super.getResourceAsStream(resource);
        }
    }

    public static void main(String[] args) {
        System.out.println("MAIN STARTED");
        OddLoader loader = new OddLoader(Path.of(args[0]));
        report("testapp.odd.Deep", () -> ((Supplier<?>) create(loader, "testapp.odd.Deep")).get());
        report("testapp.odd.Orphan", () -> {
            Store store = (Store) create(loader, "testapp.odd.Orphan");
            store.put("key", new byte[1]);
            return "put";
        });
        report("testapp.odd.Garbage", () -> create(loader, "testapp.odd.Garbage"));
        System.out.println("MAIN DONE");
    }

    private static Object create(ClassLoader loader, String name) throws Exception {
        return Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static void report(String name, Step step) {
        try {
            System.out.println("ODD " + name + " OK " + step.run());
        } catch (Throwable error) {
            System.out.println("ODD " + name + " ERR " + error.getClass().getName());
        }
    }
}
