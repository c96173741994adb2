package dev.resilience.agent.instrument;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

/** Finds the constructor the agent uses for an {@code onFailure.exception} class. */
final class ExceptionConstructors {
    private ExceptionConstructors() {
    }

    /**
     * Prefers (String, Throwable), then (String, T) for a Throwable subtype T (such as
     * UncheckedIOException's (String, IOException)), then (String).
     */
    @SuppressWarnings("unchecked")
    static Constructor<? extends Throwable> find(String className, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, false, loader);
        if (!Throwable.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(className + " is not a concrete Throwable");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException(className + " is not public, so the agent cannot make one");
        }
        Constructor<?> withCause = null;
        Constructor<?> messageOnly = null;
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 2 && parameters[0] == String.class && Throwable.class.isAssignableFrom(parameters[1])) {
                if (withCause == null || parameters[1] == Throwable.class) {
                    withCause = constructor;
                }
            } else if (parameters.length == 1 && parameters[0] == String.class) {
                messageOnly = constructor;
            }
        }
        Constructor<?> chosen = withCause != null ? withCause : messageOnly;
        if (chosen == null) {
            throw new NoSuchMethodException(className + " has no public (String) or (String, Throwable) constructor");
        }
        return (Constructor<? extends Throwable>) chosen;
    }
}
