package dev.resilience.agent.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a thrown type is one of a list of exception classes or a subclass of one,
 * comparing binary class <em>names</em>, so that no class is ever loaded by name (the names may
 * come from class loaders the agent cannot see, or not exist at all).
 *
 * <p>Only the superclass chain is compared: a name that denotes an interface never matches.
 * Exceptions are classified by class in practice, and walking interfaces would make a miss cost more.
 *
 * <p>Immutable and thread-safe. The answer for each thrown class is computed once and cached on the
 * class with a {@link ClassValue}, so a repeated {@link #matches(Class)} is one lookup and never
 * allocates; the cache does not keep class loaders alive.
 */
public final class ExceptionMatcher {

    /** Matches nothing. */
    public static final ExceptionMatcher NONE = new ExceptionMatcher(Set.of());

    private final Set<String> names;
    private final ClassValue<Boolean> cache = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (names.contains(c.getName())) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
    };

    private ExceptionMatcher(Set<String> names) {
        this.names = names;
    }

    /**
     * @param classNames binary class names, e.g. {@code java.io.IOException}; duplicates are fine
     * @return {@link #NONE} for an empty list
     * @throws NullPointerException if the list or any name is null
     */
    public static ExceptionMatcher of(List<String> classNames) {
        Objects.requireNonNull(classNames, "classNames");
        if (classNames.isEmpty()) {
            return NONE;
        }
        return new ExceptionMatcher(Set.copyOf(classNames));
    }

    /** @return true when {@code type} or one of its superclasses has one of the names; false for null */
    public boolean matches(Class<?> type) {
        return type != null && !names.isEmpty() && cache.get(type);
    }

    /** @return true when the class of {@code error} matches; false for null */
    public boolean matches(Throwable error) {
        return error != null && matches(error.getClass());
    }

    @Override
    public String toString() {
        return "ExceptionMatcher" + names;
    }
}
