package dev.resilience.agent.cli;

import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Lets the agent's own matching code read {@code explain}'s class path: as a Byte Buddy
 * {@link ClassFileLocator} (method descriptions from a {@code TypePool}, as the transformer
 * reads them) and as a {@link ClassLoader} that only serves resources, which is all the
 * {@code subtypeOf} hierarchy walk asks of a loader. Nothing is ever defined or loaded from the
 * class path, so no application code runs. JDK classes come from the platform loader.
 */
final class ClassPathLocator implements ClassFileLocator {
    private final ClassPath classPath;

    ClassPathLocator(ClassPath classPath) {
        this.classPath = classPath;
    }

    @Override
    public Resolution locate(String name) {
        byte[] bytes = classPath.read(name.replace('.', '/') + ".class");
        return bytes == null ? new Resolution.Illegal(name) : new Resolution.Explicit(bytes);
    }

    @Override
    public void close() {
        // the class path is closed by its owner
    }

    /** The locator {@code explain}'s type pool reads from: the class path, then the JDK. */
    ClassFileLocator withJdk() {
        return new ClassFileLocator.Compound(this, ClassFileLocator.ForClassLoader.ofPlatformLoader());
    }

    /** A loader that serves the class path's resources (JDK first, like a real loader) and loads nothing. */
    ClassLoader resourceLoader() {
        return new ResourceOnlyLoader(classPath);
    }

    private static final class ResourceOnlyLoader extends ClassLoader {
        private final ClassPath classPath;

        ResourceOnlyLoader(ClassPath classPath) {
            super("explain-class-path", ClassLoader.getPlatformClassLoader());
            this.classPath = classPath;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            InputStream jdk = getParent().getResourceAsStream(name);
            if (jdk != null) {
                return jdk;
            }
            byte[] bytes = classPath.read(name);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            throw new ClassNotFoundException(name + " (explain reads classes, it never loads them)");
        }
    }
}
