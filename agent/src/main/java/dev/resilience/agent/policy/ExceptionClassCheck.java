package dev.resilience.agent.policy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * Checks that an {@code onFailure.exception} class can be thrown by the agent: a concrete, public
 * Throwable with a public {@code (String)} or {@code (String, Throwable-or-subtype)} constructor.
 * Only classes the given loader finds are checked (the platform loader: JDK classes); application
 * classes are checked when the instrumented class's loader can see them. Thread-safe.
 */
final class ExceptionClassCheck {
    private ExceptionClassCheck() { }

    /** Exceptions policies name most, for a "did you mean" when a {@code java.*} name does not exist. */
    private static final List<String> COMMON = List.of(
            "java.io.IOException", "java.io.UncheckedIOException", "java.io.FileNotFoundException", "java.io.EOFException",
            "java.io.InterruptedIOException", "java.net.SocketTimeoutException", "java.net.SocketException",
            "java.net.ConnectException", "java.net.UnknownHostException", "java.net.http.HttpTimeoutException",
            "java.net.http.HttpConnectTimeoutException", "java.util.concurrent.TimeoutException",
            "java.util.concurrent.CancellationException", "java.lang.RuntimeException", "java.lang.IllegalStateException",
            "java.lang.IllegalArgumentException", "java.lang.UnsupportedOperationException", "java.lang.Exception");

    private static final List<String> EXCEPTION_PACKAGES = List.of("java.lang", "java.io", "java.net", "java.net.http",
            "java.util.concurrent", "java.util", "java.nio.file", "java.sql", "javax.net.ssl");

    /** Why the class cannot be used, or empty when it can (or cannot be checked now). */
    static Optional<String> problem(String className, ClassLoader loader) {
        Optional<Class<?>> found = find(className, loader);
        if (found.isEmpty()) {
            return missingFromJdk(className);
        }
        Class<?> type = found.get();
        if (!Throwable.class.isAssignableFrom(type)) {
            return Optional.of(className + " is not an exception (it does not extend java.lang.Throwable);"
                    + " name an exception class such as java.io.UncheckedIOException");
        }
        if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            return Optional.of(className + " cannot be instantiated (it is abstract or not public); name a concrete"
                    + " public subclass");
        }
        for (Constructor<?> c : type.getConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 1 && p[0] == String.class
                    || p.length == 2 && p[0] == String.class && Throwable.class.isAssignableFrom(p[1])) {
                return Optional.empty();
            }
        }
        return Optional.of(className + " has no public (String) or (String, Throwable) constructor, so the agent"
                + " cannot create it with a message; name an exception class that has one");
    }

    /**
     * For a {@code retryOn}/{@code abortOn}/{@code ignoreOn} entry: why a {@code java.*} name cannot
     * be an exception the method throws (there is no such class, or it is no Throwable), or empty.
     * Other names are the application's, which only {@code explain} can see. A misspelt entry would
     * otherwise match nothing, silently: a retry that never happens.
     */
    static Optional<String> notAJdkException(String className) {
        Optional<Class<?>> found = find(className, ClassLoader.getPlatformClassLoader());
        if (found.isEmpty()) {
            return missingFromJdk(className);
        }
        if (!Throwable.class.isAssignableFrom(found.get())) {
            return Optional.of(className + " is not an exception (it does not extend java.lang.Throwable)");
        }
        return Optional.empty();
    }

    /** True for a {@code java.*} name the JDK does not define: no class has it, since only the JDK defines java.* classes. */
    static boolean missingJdkClass(String className) {
        return className.startsWith("java.") && find(className, ClassLoader.getPlatformClassLoader()).isEmpty();
    }

    private static Optional<Class<?>> find(String className, ClassLoader loader) {
        try {
            // Not initialised: validation must not run any static initialiser.
            return Optional.of(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Only the JDK may define classes in {@code java.*} packages: a name there that it lacks exists
     * nowhere. A name without a package that a JDK exception has ({@code IOException}) is that
     * exception written short, which would match nothing (audit): an application's own class in the
     * default package is let through.
     */
    private static Optional<String> missingFromJdk(String className) {
        if (className.indexOf('.') < 0) {
            return jdkExceptionNamed(className).map(full -> className + " has no package, and exception classes are named in"
                    + " full; did you mean " + full + "?");
        }
        if (!className.startsWith("java.")) {
            return Optional.empty();
        }
        Optional<String> near = DidYouMean.closest(className, COMMON);
        return Optional.of("there is no class " + className + " in the JDK (and only the JDK defines java.* classes)"
                + (near.isPresent() ? "; did you mean " + near.get() + "?" : "; check the spelling"));
    }

    /** The JDK exception whose simple name is {@code simpleName}, in the packages policies name exceptions from. */
    private static Optional<String> jdkExceptionNamed(String simpleName) {
        for (String pkg : EXCEPTION_PACKAGES) {
            Optional<Class<?>> found = find(pkg + "." + simpleName, ClassLoader.getPlatformClassLoader());
            if (found.isPresent() && Throwable.class.isAssignableFrom(found.get())) {
                return Optional.of(found.get().getName());
            }
        }
        return Optional.empty();
    }
}
