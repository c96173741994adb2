package dev.resilience.agent.policy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Checks that an {@code onFailure.exception} class can be thrown by the agent: a concrete, public
 * Throwable with a public {@code (String)} or {@code (String, Throwable-or-subtype)} constructor.
 * Only classes the given loader finds are checked (the platform loader: JDK classes); application
 * classes are checked when the instrumented class's loader can see them. Thread-safe.
 */
final class ExceptionClassCheck {
    private ExceptionClassCheck() { }

    /** Why the class cannot be used, or empty when it can (or cannot be checked now). */
    static Optional<String> problem(String className, ClassLoader loader) {
        Class<?> type;
        try {
            // Not initialised: validation must not run any static initialiser.
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
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
}
