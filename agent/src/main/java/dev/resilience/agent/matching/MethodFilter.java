package dev.resilience.agent.matching;

import dev.resilience.agent.policy.MethodPattern;

import java.util.List;

/**
 * One {@code methods}/{@code exclude} entry compiled: a name glob and, when pinned, parameter
 * types. A pinned type matches the full name ({@code java.lang.String}, {@code byte[]}) or, when
 * written without a package, the simple name ({@code String}). Immutable and thread-safe.
 */
public final class MethodFilter {
    private final MethodPattern source;
    private final Glob name;
    private final List<String> parameters;

    public MethodFilter(MethodPattern source) {
        this.source = source;
        this.name = Glob.forMethod(source.name());
        this.parameters = source.parameterTypes();
    }

    public boolean matches(String methodName, List<String> parameterTypes) {
        if (!name.matches(methodName)) {
            return false;
        }
        if (parameters == null) {
            return true;
        }
        if (parameters.size() != parameterTypes.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!typeMatches(parameters.get(i), parameterTypes.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean typeMatches(String pinned, String actual) {
        if (pinned.equals(actual)) {
            return true;
        }
        if (pinned.indexOf('.') >= 0) {
            return pinned.replace('$', '.').equals(actual.replace('$', '.'));
        }
        int dot = Math.max(actual.lastIndexOf('.'), actual.lastIndexOf('$'));
        return pinned.equals(actual.substring(dot + 1));
    }

    /** True when the entry names one method outright (no wildcard), for "exists only by inheritance" warnings. */
    public boolean isExplicit() {
        return name.isLiteral();
    }

    public MethodPattern source() {
        return source;
    }
}
