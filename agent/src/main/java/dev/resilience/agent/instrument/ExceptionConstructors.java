package dev.resilience.agent.instrument;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

/** Finds the constructor the agent uses for an {@code onFailure.exception} class. */
final class ExceptionConstructors {
    /**
     * The constructor chosen for each class, kept with the class itself: chosen once, never
     * copied again on the failure path, and never keeping the class (or a plugin's loader) from
     * being unloaded, as a field of a long-lived binding would.
     */
    private static final ClassValue<Constructor<? extends Throwable>> CHOSEN = new ClassValue<>() {
        @Override
        protected Constructor<? extends Throwable> computeValue(Class<?> type) {
            return choose(type); // a class that does not qualify throws, and nothing is kept for it
        }
    };

    private ExceptionConstructors() {
    }

    /** The {@code onFailure} class as the protected method's loader sees it, not initialised. */
    static Class<?> load(String className, ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(className, false, loader);
    }

    /**
     * Prefers (String, Throwable), then (String, T) for a Throwable subtype T (such as
     * UncheckedIOException's (String, IOException)), then (String).
     *
     * @throws IllegalArgumentException when the class is not a public, concrete Throwable with one of those
     */
    static Constructor<? extends Throwable> of(Class<?> type) {
        return CHOSEN.get(type);
    }

    @SuppressWarnings("unchecked")
    private static Constructor<? extends Throwable> choose(Class<?> type) {
        String className = type.getName();
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
            throw new IllegalArgumentException(className + " has no public (String) or (String, Throwable) constructor");
        }
        return (Constructor<? extends Throwable>) chosen;
    }
}
