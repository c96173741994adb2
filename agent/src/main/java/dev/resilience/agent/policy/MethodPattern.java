package dev.resilience.agent.policy;

import java.util.List;

/**
 * One entry of {@code methods} or {@code exclude}: a name (glob with {@code *}) and, when the
 * entry pins them, the parameter types as written ({@code "upload(java.lang.String,byte[])"}).
 *
 * @param text           the entry exactly as written in the file
 * @param name           the method-name glob
 * @param parameterTypes null when any parameters match; otherwise the pinned type names
 */
public record MethodPattern(String text, String name, List<String> parameterTypes, Position position) {
    public MethodPattern {
        parameterTypes = parameterTypes == null ? null : List.copyOf(parameterTypes);
    }
}
