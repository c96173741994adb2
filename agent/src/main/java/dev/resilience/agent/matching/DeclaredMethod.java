package dev.resilience.agent.matching;

import java.util.List;

/**
 * A method as its class file declares it, in the form rules are matched against: the agent reads
 * it from the class being transformed ({@link DeclaredMethods}), {@code explain} from the class
 * path ({@link DescribedMethods}). Type names are written the way a policy writes them
 * ({@code java.lang.String}, {@code byte[]}, {@code int}). Immutable.
 *
 * @param descriptor        the JVM descriptor, e.g. {@code (Ljava/lang/String;)V}
 * @param modifiers         the class file's access flags (bridge, varargs and synthetic bits included)
 * @param bridgeOrSynthetic true for compiler-generated methods, which are never matched
 */
public record DeclaredMethod(String name, String descriptor, List<String> parameterTypes, String returnType,
                             List<String> exceptionTypes, int modifiers, boolean bridgeOrSynthetic) {
    public DeclaredMethod {
        parameterTypes = List.copyOf(parameterTypes);
        exceptionTypes = List.copyOf(exceptionTypes);
    }

    /** {@code get(java.lang.String)}: the method part of {@code Class#method(params)}. */
    public String signature() {
        return name + "(" + String.join(",", parameterTypes) + ")";
    }

    /** True for constructors and static initialisers, which no rule ever matches. */
    public boolean isInitializer() {
        return name.startsWith("<");
    }
}
